/**
 * The two ways a catalog row comes to be on the client: the server's row with our own edit over it
 * (`rowOf`), and our own edit projected from the local document (`localEditOf`) with the same
 * `shared/` projection the server uses, so a pending row looks like the row the server will send.
 */
import type * as Y from 'yjs'
import { parseDocName } from '../../shared/doc-name'
import { readRecord } from '../../shared/doc/record-doc'
import { recordType } from '../../shared/records'
import { projectValues } from '../../shared/schema/projection'
import { extraRoots } from '../../shared/schema/record-type'
import type { CatalogEntry, LocalEdit } from './catalog-store'
import type { CatalogListRow } from './catalog-view'

/**
 * One row object per entry object (entries are replaced, never changed): lists, search haystacks
 * and sort keys are kept per row object, so a row read twice must be the same object.
 */
const rows = new WeakMap<CatalogEntry, CatalogListRow>()

/** The row lists show for an entry: the server's, or ours while an edit of ours is not in it yet. */
export function rowOf(id: string, entry: CatalogEntry): CatalogListRow {
  let row = rows.get(entry)
  if (!row) {
    row = makeRow(id, entry)
    rows.set(entry, row)
  }
  return row
}

function makeRow(id: string, entry: CatalogEntry): CatalogListRow {
  const { server, local } = entry
  if (!local) return { ...server!, pending: false }
  return {
    id,
    type: server?.type ?? parseDocName(entry.docName)?.type ?? '',
    docName: entry.docName,
    title: local.title,
    fields: local.fields,
    refTitles: { ...server?.refTitles, ...local.refTitles },
    deleted: local.deleted,
    version: server?.version ?? 0,
    changeSeq: server?.changeSeq ?? 0,
    updatedAt: new Date(local.at).toISOString(),
    updatedBy: server?.updatedBy ?? '',
    ownerId: local.ownerId,
    accountId: local.accountId,
    pending: true,
  }
}

/**
 * A document's row as projected from its local state; null for a document of no known record
 * type. `titleOf` gives referenced records' titles as this client knows them.
 */
export function localEditOf(docName: string, doc: Y.Doc, titleOf: (id: string) => string | undefined): { id: string; edit: LocalEdit } | null {
  const parsed = parseDocName(docName)
  const type = parsed ? recordType(parsed.type) : undefined
  if (!parsed || !type) return null
  const values = readRecord(doc, extraRoots(type))
  const projection = projectValues(type, parsed.recordId, values)
  const refTitles: Record<string, string> = {}
  for (const ref of projection.refs) {
    const title = titleOf(ref)
    if (title !== undefined) refTitles[ref] = title
  }
  return {
    id: parsed.recordId,
    edit: {
      title: projection.title, fields: values, deleted: projection.deleted, ownerId: projection.ownerId,
      accountId: projection.accountId, refTitles, at: Date.now(),
    },
  }
}
