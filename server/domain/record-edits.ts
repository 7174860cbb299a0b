/**
 * What the domain's commands and repairs share: reading a record's latest accepted state from its
 * room, and making an attributed server-side edit of it (DESIGN.md §7). Every write goes through
 * `room.edit`, so it is checked, committed, projected, in field history and seen by open editors.
 */
import { HTTPException } from 'hono/http-exception'
import type * as Y from 'yjs'
import { readRecord } from '../../shared/doc/record-doc'
import { formatDocName } from '../../shared/doc-name'
import { isUuid } from '../../shared/ids'
import { recordType } from '../../shared/records/index'
import { extraRoots } from '../../shared/schema/record-type'
import type { Rooms } from '../sync/rooms'

export type RecordValues = Record<string, unknown>

/** The document name of a record, or a 404 when the id cannot be a record id. */
export function recordDocName(workspaceId: string, type: string, id: string, label: string): string {
  if (!isUuid(id)) throw new HTTPException(404, { message: `No such ${label}.` })
  return formatDocName({ workspaceId, type, recordId: id })
}

/** The record's values as its document holds them now; null when the document has none. */
export async function currentValues(rooms: Rooms, docName: string, type: string): Promise<RecordValues | null> {
  const def = recordType(type)
  if (!def) throw new Error(`unknown record type ${type}`)
  return rooms.with(docName, async (room) => {
    const copy = room.snapshotDoc()
    try {
      const values = readRecord(copy, extraRoots(def))
      return Object.keys(values).length === 0 ? null : values
    } finally {
      copy.destroy()
    }
  })
}

/**
 * Runs `mutate` as a server-side edit by `actor`. `mutate` sees the latest accepted document and
 * may decline (return a reason), which is returned instead of writing, so a check and its write
 * can never be separated by another update. Throws when the room refuses the edit.
 */
export async function editRecord(rooms: Rooms, docName: string, actor: string, mutate: (doc: Y.Doc) => string | void): Promise<{ declined: string | null; changed: boolean }> {
  let declined: string | null = null
  const result = await rooms.with(docName, (room) => room.edit(actor, (doc) => {
    declined = mutate(doc) ?? null
  }))
  if (result.status === 'refused') {
    const status = result.code === 'SERVER_SHUTTING_DOWN' ? 503 : 400
    throw new HTTPException(status, { message: `The change was refused: ${result.message}` })
  }
  return { declined, changed: result.changed }
}
