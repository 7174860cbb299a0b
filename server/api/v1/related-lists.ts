/**
 * Related lists: the records that belong to or point at an account or a contact — an account's
 * contacts (by `account_id`), and the relationships (either side), activities and cases of an
 * account or a contact (by `refs`, GIN-indexed). Paginated, sorted and filtered like any list, and
 * filtered by the same visibility.
 */
import { HTTPException } from 'hono/http-exception'
import { recordType } from '../../../shared/records/index'
import type { RecordType } from '../../../shared/schema/record-type'
import type { Services } from '../../services'
import type { Caller } from './record-access'
import { listRecords, parseListQuery, type SearchFn } from './record-query'
import type { RecordRow } from './record-response'

interface Relation {
  type: string
  column: 'account_id' | 'refs'
}

const BY_REFS = {
  relationships: { type: 'relationship', column: 'refs' },
  activities: { type: 'activity', column: 'refs' },
  cases: { type: 'case', column: 'refs' },
} as const satisfies Record<string, Relation>

export const RELATED: Record<string, Record<string, Relation>> = {
  account: { contacts: { type: 'contact', column: 'account_id' }, ...BY_REFS },
  contact: { ...BY_REFS },
}

export async function relatedList(services: Services, caller: Caller, parentType: RecordType, parentId: string, name: string | undefined,
  query: Record<string, string>, search: SearchFn | null): Promise<{ rows: RecordRow[]; next: string | null }> {
  const relation = RELATED[parentType.type]?.[name ?? '']
  if (!relation) {
    const known = Object.keys(RELATED[parentType.type] ?? {})
    throw new HTTPException(404, { message: known.length > 0
      ? `No such list of a ${parentType.label.toLowerCase()}: try ${known.join(', ')}.`
      : `A ${parentType.label.toLowerCase()} has no related lists.` })
  }
  const type = recordType(relation.type)!
  const list = parseListQuery(type, query, search)
  return listRecords(services, { caller, type, related: { column: relation.column, id: parentId } }, list, search)
}
