/**
 * How a record leaves the API: its projected row (the `records` table, written in the same
 * transaction as the edit that changed it) as `{ id, type, version, createdAt, createdBy, updatedAt,
 * updatedBy, deleted, title, fields, refTitles }`, with its version as the ETag.
 */
import { HTTPException } from 'hono/http-exception'
import type { Services } from '../../services'

export interface RecordRow {
  id: string
  type: string
  title: string
  data: Record<string, unknown>
  deleted: boolean
  version: number
  created_at: Date | string
  created_by: string
  updated_at: Date | string
  updated_by: string
  ref_titles: Record<string, string>
}

export const RECORD_COLUMNS = 'r.id, r.type, r.title, r.data, r.deleted, r.version, r.created_at, r.created_by, r.updated_at, r.updated_by, r.ref_titles'

export async function readRecordRow(services: Services, workspaceId: string, id: string): Promise<RecordRow | null> {
  const [row] = await services.storage.db.query<RecordRow>(
    `select ${RECORD_COLUMNS} from records r where r.workspace_id = $1 and r.id = $2`, [workspaceId, id])
  return row ?? null
}

export function recordJson(row: RecordRow) {
  const { deleted: _deleted, ...fields } = row.data
  return {
    id: row.id,
    type: row.type,
    title: row.title,
    version: Number(row.version),
    createdAt: iso(row.created_at),
    createdBy: row.created_by,
    updatedAt: iso(row.updated_at),
    updatedBy: row.updated_by,
    deleted: row.deleted,
    fields,
    refTitles: row.ref_titles ?? {},
  }
}

export function etagOf(row: RecordRow): string {
  return `"${Number(row.version)}"`
}

/**
 * Refuses a write whose `If-Match` names another version (412). `*` and no header always pass;
 * weak tags compare by their version like strong ones.
 */
export function checkIfMatch(header: string | undefined, row: RecordRow): void {
  if (header === undefined || header.trim() === '*') return
  const wanted = header.split(',').map((tag) => tag.trim().replace(/^W\//, ''))
  if (!wanted.includes(etagOf(row))) {
    throw new HTTPException(412, { message: `The record changed: it is at version ${Number(row.version)} (ETag ${etagOf(row)}), not ${header}. Read it again and reapply your change.` })
  }
}

export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString()
}
