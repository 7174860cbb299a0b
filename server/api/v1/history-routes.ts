/**
 * Field history of a record (issue 4): `GET …/<path>/<id>/history`, newest first, each entry with
 * its field, old and new value, actor (and their name where known), time and kind (`edit`, or
 * `lost`: a value that lost to a concurrent write of the same field); and
 * `POST …/<path>/<id>/history/<historyId>/restore`, which writes that entry's earlier value back as
 * an edit by the caller: an edit's old value, or a lost entry's losing value.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { formatDocName } from '../../../shared/doc-name'
import { actorOf } from '../../auth/principal'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { ValidationError } from '../validation'
import { callerIn, mustWrite, typeAt, visibleRecord } from './record-access'
import { MAX_LIMIT } from './record-query'
import { etagOf, iso, readRecordRow, recordJson } from './record-response'
import { applyValues, checkedValues, editDocument } from './record-writes'

interface HistoryRow {
  id: string
  field: string
  old: unknown
  new: unknown
  actor: string
  actor_name: string | null
  at: Date | string
  kind: 'edit' | 'lost'
}

export function historyRoutes(services: Services) {
  const app = new Hono<AppEnv>()

  app.get('/:workspaceId/:path/:id/history', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const record = await visibleRecord(services, caller, type, c.req.param('id'))
    const limitText = c.req.query('limit')
    const limit = limitText === undefined ? 50 : Number(limitText)
    const cursor = c.req.query('cursor')
    const after = cursor === undefined ? null : decodeCursor(cursor)
    const errors: Record<string, string> = {}
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.limit = `must be a whole number from 1 to ${MAX_LIMIT}`
    if (cursor !== undefined && !after) errors.cursor = 'is not a cursor of this history'
    if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    const params: unknown[] = [caller.workspaceId, record.id]
    const page = after ? `and (h.at, h.id) < ($3::timestamptz, $4)` : ''
    if (after) params.push(after.at, after.id)
    const rows = await services.storage.db.query<HistoryRow>(
      `select h.id, h.field, h.old, h.new, h.actor, h.at, h.kind,
         coalesce(u.name, t.name || ' (API token)', case when h.actor = 'server' then 'Tandem (server)' end) as actor_name
       from field_history h
       left join users u on h.actor = 'user:' || u.id
       left join api_tokens t on h.actor = 'token:' || t.id
       where h.workspace_id = $1 and h.record_id = $2 ${page}
       order by h.at desc, h.id desc
       limit ${limit + 1}`, params)
    const items = rows.slice(0, limit).map((row) => ({
      id: row.id, field: row.field, old: row.old ?? null, new: row.new ?? null,
      actor: { id: row.actor, name: row.actor_name }, at: iso(row.at), kind: row.kind,
    }))
    const last = items[items.length - 1]
    const next = rows.length > limit && last ? Buffer.from(JSON.stringify({ at: last.at, id: last.id })).toString('base64url') : null
    return c.json({ items, next })
  })

  app.post('/:workspaceId/:path/:id/history/:historyId/restore', async (c) => {
    const caller = await callerIn(services, c)
    const type = typeAt(c.req.param('path'))
    const record = await visibleRecord(services, caller, type, c.req.param('id'))
    mustWrite(caller)
    const [entry] = await services.storage.db.query<HistoryRow>(
      'select id, field, old, new, kind from field_history where workspace_id = $1 and record_id = $2 and id = $3',
      [caller.workspaceId, record.id, c.req.param('historyId')])
    if (!entry) throw new HTTPException(404, { message: 'No such history entry of this record.' })
    const value = (entry.kind === 'lost' ? entry.new : entry.old) ?? null
    const values = checkedValues(type, { [entry.field]: value }, true)
    const docName = formatDocName({ workspaceId: caller.workspaceId, type: type.type, recordId: record.id })
    await editDocument(services, docName, actorOf(caller.principal), (doc) => applyValues(doc, type, values))
    const row = (await readRecordRow(services, caller.workspaceId, record.id))!
    c.header('ETag', etagOf(row))
    return c.json(recordJson(row))
  })

  return app
}

function decodeCursor(cursor: string): { at: string; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { at?: unknown; id?: unknown }
    return typeof value.at === 'string' && typeof value.id === 'string' && !Number.isNaN(Date.parse(value.at)) ? { at: value.at, id: value.id } : null
  } catch {
    return null
  }
}
