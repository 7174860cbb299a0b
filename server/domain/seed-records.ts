/**
 * Writing a set of seed records into a workspace, once: each record is a server edit through its
 * room (so it is checked, committed, projected and in the history as `server`), and the set is
 * marked done in `workspace_seeds`, so a restart or a second call seeds nothing twice, even after
 * users have edited or deleted what was seeded. A record whose document already exists (a run cut
 * short, or a document written before seeds went through rooms) only gets the fields it lacks.
 */
import { addToSet, readFields, writeFields, writeText, type Scalar } from '../../shared/doc/record-doc'
import { formatDocName } from '../../shared/doc-name'
import type { SqlRunner } from '../storage/sql'
import type { Rooms } from '../sync/rooms'
import { SERVER_ACTOR } from './rule-context'

export interface SeedRecord {
  type: string
  id: string
  fields: Record<string, Scalar>
  texts?: Record<string, string>
  sets?: Record<string, string[]>
}

export interface SeedDeps {
  storage: { db: SqlRunner }
  rooms: Rooms
}

/** Whether the seed set `seed` is done in the workspace. */
export async function isSeeded(deps: SeedDeps, workspaceId: string, seed: string): Promise<boolean> {
  const rows = await deps.storage.db.query('select 1 from workspace_seeds where workspace_id = $1 and seed = $2', [workspaceId, seed])
  return rows.length > 0
}

/** Writes `records` (in order) unless the set is done; returns how many documents it wrote to. */
export async function seedOnce(deps: SeedDeps, workspaceId: string, seed: string, records: readonly SeedRecord[]): Promise<number> {
  if (await isSeeded(deps, workspaceId, seed)) return 0
  let written = 0
  // Records of different documents are written together (one group commit); a second record of a
  // document already in the wave waits for the next wave, so it sees the first.
  let wave: SeedRecord[] = []
  const flush = async () => {
    const changed = await Promise.all(wave.map((record) => writeSeed(deps, workspaceId, record)))
    written += changed.filter(Boolean).length
    wave = []
  }
  for (const record of records) {
    if (wave.some((r) => r.type === record.type && r.id === record.id)) await flush()
    wave.push(record)
  }
  await flush()
  await deps.storage.db.query('insert into workspace_seeds (workspace_id, seed) values ($1, $2) on conflict do nothing', [workspaceId, seed])
  return written
}

async function writeSeed(deps: SeedDeps, workspaceId: string, record: SeedRecord): Promise<boolean> {
  const docName = formatDocName({ workspaceId, type: record.type, recordId: record.id })
  const result = await deps.rooms.with(docName, (room) => room.edit(SERVER_ACTOR, (doc) => {
    const existing = readFields(doc)
    const fresh = Object.keys(existing).length === 0
    writeFields(doc, Object.fromEntries(Object.entries(record.fields).filter(([key]) => !(key in existing))))
    if (!fresh) return
    for (const [name, text] of Object.entries(record.texts ?? {})) writeText(doc, name, text)
    for (const [name, members] of Object.entries(record.sets ?? {})) addToSet(doc, name, members)
  }))
  if (result.status === 'refused') throw new Error(`seeding ${docName} was refused: ${result.message}`)
  return result.changed
}
