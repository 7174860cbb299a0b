/**
 * The record API (issue 4): lists, reads and writes of every record type at
 * `/api/v1/<workspaceId>/<path>` (accounts, contacts, relationships, relationship-roles, cases,
 * activities), related lists, and the served OpenAPI document. Reads come from the `records`
 * projection; writes are edits of the record's document as the caller (record-writes.ts), answered
 * once their projection is committed, with the record's version as the ETag.
 */
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { formatDocName } from '../../../shared/doc-name'
import { isUuid, uuidv7 } from '../../../shared/ids'
import { initialValues, type RecordType } from '../../../shared/schema/record-type'
import { actorOf } from '../../auth/principal'
import { numberCase } from '../../domain/case-commands'
import { plannerStatistics } from '../../storage/planner-statistics'
import { visibilityWhere } from '../../auth/record-visibility'
import { findDuplicates } from '../../search/duplicates'
import { searchWhere } from '../../search/match'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { jsonBody, ValidationError } from '../validation'
import { openapiRoutes } from './openapi-routes'
import { recordCommandRoutes } from './record-commands-routes'
import { callerIn, mustWrite, typeAt, visibleRecord, type Caller } from './record-access'
import { listRecords, parseListQuery, type SearchFn } from './record-query'
import { checkIfMatch, etagOf, readRecordRow, recordJson, type RecordRow } from './record-response'
import { applyValues, checkedValues, editDocument } from './record-writes'
import { relatedList } from './related-lists'

const search: SearchFn = searchWhere

/** Types whose writes are answered with look-alikes of existing records (a warning; the write stands). */
const DUPLICATE_CHECKED = new Set(['account', 'contact'])
/** Long texts may hold 100,000 characters (several bytes each in UTF-8): room for one and the rest. */
const MAX_BODY_BYTES = 1024 * 1024

export function recordsRoutes(services: Services) {
  const app = new Hono<AppEnv>()
  const freshenStatistics = plannerStatistics(services.storage.db, 'records', ['workspace_id', 'type', 'deleted', 'account_id', 'owner_id', 'refs'],
    (message, fields) => services.logger.info(message, fields))
  app.route('/', openapiRoutes())
  app.route('/', recordCommandRoutes(services))

  app.get('/:workspaceId/:path', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const list = parseListQuery(type, c.req.query(), search)
    await freshenStatistics()
    const { rows, next } = await listRecords(services, { caller, type }, list, search)
    return c.json({ items: rows.map(recordJson), next })
  })

  app.post('/:workspaceId/:path', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    mustWrite(caller)
    const { id: givenId, ...body } = await jsonBody(c, MAX_BODY_BYTES)
    if (givenId !== undefined && (typeof givenId !== 'string' || !isUuid(givenId))) {
      throw new ValidationError({ id: 'must be a UUID (version 7, made by the client), or left out for the server to make one' })
    }
    const id = (givenId as string | undefined) ?? uuidv7()
    if (Object.keys(body).length === 0) throw new ValidationError({ fields: 'give at least one field value' })
    // A record starts as one made in the app does (a case Normal and In progress); what is given wins.
    const values = checkedValues(type, { ...initialValues(type), ...body }, false)
    if (await readRecordRow(services, caller.workspaceId, id)) {
      throw new HTTPException(409, { message: 'A record with this id exists. Leave id out to have the server make one.' })
    }
    await editDocument(services, docNameOf(caller, type, id), actorOf(caller.principal), (doc) => applyValues(doc, type, values))
    // A case is numbered (and made active) by the server: now, so the answer and its ETag carry it.
    if (type.type === 'case') await numberCase(services, caller.workspaceId, id)
    const row = await readRecordRow(services, caller.workspaceId, id)
    if (!row) throw new Error(`the projection of ${id} is missing after its commit`)
    return answer(c, row, 201, await warnings(caller, type, row))
  })

  app.get('/:workspaceId/:path/:id', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const row = await visibleRecord(services, caller, type, c.req.param('id'))
    return answer(c, row, 200)
  })

  app.patch('/:workspaceId/:path/:id', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const before = await visibleRecord(services, caller, type, c.req.param('id'))
    mustWrite(caller)
    checkIfMatch(c.req.header('if-match'), before)
    const values = checkedValues(type, await jsonBody(c, MAX_BODY_BYTES), true)
    const row = await write(caller, type, before, values)
    return answer(c, row, 200, await warnings(caller, type, row))
  })

  app.delete('/:workspaceId/:path/:id', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const before = await visibleRecord(services, caller, type, c.req.param('id'))
    mustWrite(caller)
    checkIfMatch(c.req.header('if-match'), before)
    return answer(c, await write(caller, type, before, { deleted: true }), 200)
  })

  app.get('/:workspaceId/:path/:id/:related', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const parent = await visibleRecord(services, caller, type, c.req.param('id'))
    await freshenStatistics()
    const { rows, next } = await relatedList(services, caller, type, parent.id, c.req.param('related'), c.req.query(), search)
    return c.json({ items: rows.map(recordJson), next })
  })

  async function write(caller: Caller, type: RecordType, before: RecordRow, values: Record<string, unknown>): Promise<RecordRow> {
    await editDocument(services, docNameOf(caller, type, before.id), actorOf(caller.principal), (doc) => applyValues(doc, type, values))
    const row = await readRecordRow(services, caller.workspaceId, before.id)
    if (!row) throw new Error(`the projection of ${before.id} is missing after its commit`)
    return row
  }

  /** Accounts and contacts that look like this one, among those the caller may see. */
  async function warnings(caller: Caller, type: RecordType, row: RecordRow): Promise<Record<string, unknown>> {
    if (!DUPLICATE_CHECKED.has(type.type) || row.deleted) return {}
    const duplicates = await findDuplicates(services.storage.db, caller.workspaceId, type, row.id, row.data, {
      visibility: (alias, firstParam) => visibilityWhere(services.access, caller.principal, caller.workspaceId, alias, firstParam),
    })
    return { warnings: { duplicates } }
  }

  return app
}

function docNameOf(caller: Caller, type: RecordType, id: string): string {
  return formatDocName({ workspaceId: caller.workspaceId, type: type.type, recordId: id })
}

function answer(c: Context<AppEnv>, row: RecordRow, status: 200 | 201, extra: Record<string, unknown> = {}) {
  c.header('ETag', etagOf(row))
  if (status === 201) c.header('Location', `/api/v1/${c.req.param('workspaceId')}/${c.req.param('path')}/${row.id}`)
  return c.json({ ...recordJson(row), ...extra }, status)
}
