/**
 * Saved views (shared/records/saved-view.ts) to and from a list's state. A view is a record of its
 * own, made here with a client-made id (offline too) and shared with the workspace like any record.
 * Applying one keeps only what still fits the type: filters and columns on its list columns, a sort
 * on one of them, so a view saved before a schema change never breaks the list.
 */
import { writeFields, writeKeyedItem, type Scalar } from '../../../shared/doc/record-doc'
import { formatDocName } from '../../../shared/doc-name'
import { isUuid, uuidv7 } from '../../../shared/ids'
import { savedView } from '../../../shared/records/saved-view'
import type { RecordType } from '../../../shared/schema/record-type'
import { validateValues, type FieldErrors } from '../../../shared/schema/validate'
import type { SyncClient } from '../../sync/sync-client'
import { listColumns } from './list-columns'
import type { FilterOp, ListFilter, ListSort } from './list-query'

export interface ViewState {
  query: string
  filters: ListFilter[]
  sort: ListSort | null
  columns: string[]
}

const OPS: readonly FilterOp[] = ['is', 'contains', 'empty', 'not-empty']

/** A view's values as the schema has them: scalar fields, and filters as items by a new id each. */
export function viewValues(type: RecordType, name: string, state: ViewState, ownerId: string): Record<string, unknown> {
  const filters: Record<string, Record<string, Scalar>> = {}
  for (const f of state.filters) {
    if (f.op !== 'empty' && f.op !== 'not-empty' && f.value === '') continue // an unfinished filter filters nothing
    filters[uuidv7()] = { key: f.key, op: f.op, ...(f.value !== '' ? { value: f.value } : {}) }
  }
  return {
    name: name.trim(),
    recordType: type.type,
    ...(state.query.trim() !== '' ? { search: state.query.trim() } : {}),
    ...(Object.keys(filters).length > 0 ? { filters } : {}),
    ...(state.sort ? { sortKey: state.sort.key, sortDirection: state.sort.direction } : {}),
    ...(state.columns.length > 0 ? { columns: state.columns.join(',') } : {}),
    ...(isUuid(ownerId) ? { ownerId } : {}),
  }
}

/** The list state a view's fields (a catalog row's) give for `type`, keeping only what fits it. */
export function viewState(type: RecordType, fields: Record<string, unknown>): ViewState {
  const keys = new Set(listColumns(type).map((c) => c.key))
  const filters: ListFilter[] = []
  const items = typeof fields.filters === 'object' && fields.filters !== null ? (fields.filters as Record<string, Record<string, unknown>>) : {}
  for (const id of Object.keys(items).sort()) {
    const item = items[id]!
    if (typeof item.key !== 'string' || !keys.has(item.key) || !OPS.includes(item.op as FilterOp)) continue
    filters.push({ key: item.key, op: item.op as FilterOp, value: typeof item.value === 'string' ? item.value : '' })
  }
  const sortKey = typeof fields.sortKey === 'string' && keys.has(fields.sortKey) ? fields.sortKey : null
  const columns = typeof fields.columns === 'string' ? fields.columns.split(',').map((k) => k.trim()).filter((k) => keys.has(k)) : []
  return {
    query: typeof fields.search === 'string' ? fields.search : '',
    filters,
    sort: sortKey ? { key: sortKey, direction: fields.sortDirection === 'desc' ? 'desc' : 'asc' } : null,
    columns: [...new Set(columns)],
  }
}

/** Saves a view as a new record (checked with the schema first; nothing written when it fails). */
export async function saveView(client: SyncClient, workspaceId: string, values: Record<string, unknown>): Promise<{ ok: true; id: string } | { ok: false; errors: FieldErrors }> {
  const errors = validateValues(savedView, values, { partial: false })
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const id = uuidv7()
  const docName = formatDocName({ workspaceId, type: savedView.type, recordId: id })
  const session = await client.openDocument(docName)
  try {
    const { filters, ...scalars } = values
    session.doc.transact(() => {
      writeFields(session.doc, scalars as Record<string, Scalar>)
      for (const [itemId, item] of Object.entries((filters ?? {}) as Record<string, Record<string, Scalar>>)) writeKeyedItem(session.doc, 'filters', itemId, item)
    })
    await session.whenSaved()
  } finally {
    await session.close()
  }
  void client.catchUp([docName])
  return { ok: true, id }
}
