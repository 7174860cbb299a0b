/** Catalog rows for the list tests: a contact or an account as the catalog would give it. */
import type { CatalogListRow } from '../../sync/catalog'

let n = 0

export function testRow(type: string, fields: Record<string, unknown>, extra: Partial<CatalogListRow> = {}): CatalogListRow {
  n++
  const id = `01890000-0000-7000-8000-${String(n).padStart(12, '0')}`
  const title = type === 'contact'
    ? [fields.firstName, fields.lastName].filter((v) => typeof v === 'string' && v !== '').join(' ')
    : String(fields.name ?? fields.title ?? fields.subject ?? '')
  return {
    id, type, docName: `demo/${type}/${id}`, title, fields, refTitles: {}, deleted: false, version: 1, changeSeq: n,
    updatedAt: '2026-11-22T00:00:00.000Z', updatedBy: 'user:x', ownerId: null, accountId: null, pending: false, ...extra,
  }
}
