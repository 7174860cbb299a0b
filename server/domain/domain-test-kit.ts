/**
 * Test helper for the domain: services over one in-memory PGlite shared by a test file, records
 * created as server edits, and waiting until commits, rule checks and repairs have all settled.
 */
import { addToSet, writeFields, writeText, type Scalar } from '../../shared/doc/record-doc'
import { formatDocName } from '../../shared/doc-name'
import { uuidv7 } from '../../shared/ids'
import { createLogger } from '../logger'
import { createServices, type ServiceOptions, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { connectClient, settle } from '../testing/room-clients'
import { clearDocuments, memoryStorage } from '../testing/test-server'

export { connectClient, memoryStorage, settle }

/** Fresh services over `storage` (emptied of documents), closing nothing of the shared storage. */
export async function freshServices(storage: Storage, options: Partial<ServiceOptions> = {}): Promise<Services> {
  await clearDocuments(storage)
  await storage.db.query('delete from case_numbers')
  await storage.db.query('delete from case_counters')
  await storage.db.query('delete from workspace_seeds')
  return createServices({ storage: { ...storage, close: async () => {} }, logger: createLogger((process.env.DOMAIN_LOG as 'error' | undefined) ?? 'silent'), unloadAfterMs: 1000, ...options })
}

export interface NewRecord {
  fields: Record<string, Scalar>
  texts?: Record<string, string>
  sets?: Record<string, string[]>
}

/** Creates a record as a server-side edit by `actor` and returns its id. */
export async function createRecord(services: Services, workspaceId: string, type: string, record: NewRecord, id = uuidv7(), actor = 'user:test'): Promise<string> {
  const docName = formatDocName({ workspaceId, type, recordId: id })
  const result = await services.rooms.with(docName, (room) => room.edit(actor, (doc) => {
    writeFields(doc, record.fields)
    for (const [name, text] of Object.entries(record.texts ?? {})) writeText(doc, name, text)
    for (const [name, members] of Object.entries(record.sets ?? {})) addToSet(doc, name, members)
  }))
  if (result.status !== 'committed') throw new Error(`could not create ${type}: ${result.message}`)
  return id
}

/** Edits a record as `actor` (a trusted server-side edit). */
export async function editFields(services: Services, workspaceId: string, type: string, id: string, fields: Record<string, Scalar>, actor = 'user:test'): Promise<void> {
  const docName = formatDocName({ workspaceId, type, recordId: id })
  const result = await services.rooms.with(docName, (room) => room.edit(actor, (doc) => writeFields(doc, fields)))
  if (result.status !== 'committed') throw new Error(`could not edit ${type}: ${result.message}`)
}

/** The projected data of a record. */
export async function projected(services: Services, workspaceId: string, id: string): Promise<Record<string, unknown> | undefined> {
  const [row] = await services.storage.db.query<{ data: Record<string, unknown> }>('select data from records where workspace_id = $1 and id = $2', [workspaceId, id])
  return row?.data
}

/** The field history of one field of a record, oldest first. */
export async function historyOf(services: Services, id: string, field: string): Promise<Array<{ old: unknown; new: unknown; actor: string; kind: string }>> {
  return services.storage.db.query('select old, new, actor, kind from field_history where record_id = $1 and field = $2 order by at, id', [id, field])
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
