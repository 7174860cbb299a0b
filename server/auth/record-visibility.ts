/**
 * Which rows of `records` a principal may see, as a SQL condition: the same rule as
 * `AccessControl.docAccess`, for lists, search, related lists and the catalog pull, so private
 * records are filtered in the query (pages stay full and counts reveal nothing).
 *
 *   no role                  nothing
 *   owner, admin             everything
 *   member, viewer           every record whose type is not private, and private ones they own
 *
 * A record's owner is its document's first writer (doc_owners, keyed by `<ws>/<type>/<id>`).
 */
import type { AccessControl } from './access'
import { actorOf, type Principal } from './principal'

export interface SqlCondition {
  sql: string
  params: unknown[]
}

/**
 * The condition on the `records` row aliased `alias`, with its parameters numbered from
 * `firstParam` (`$firstParam`, `$firstParam + 1`).
 */
export async function visibilityWhere(access: AccessControl, principal: Principal, workspaceId: string, alias: string, firstParam: number): Promise<SqlCondition> {
  const role = await access.role(principal, workspaceId)
  if (!role) return { sql: 'false', params: [] }
  if (access.canManage(role)) return { sql: 'true', params: [] }
  const privateTypes = await access.privateTypesOf(workspaceId)
  if (privateTypes.length === 0) return { sql: 'true', params: [] }
  const types = `$${firstParam}`
  const actor = `$${firstParam + 1}`
  return {
    sql: `(${alias}.type <> all(${types}::text[]) or exists (select 1 from doc_owners o
      where o.doc = ${alias}.workspace_id || '/' || ${alias}.type || '/' || ${alias}.id and o.owner = ${actor}))`,
    params: [privateTypes, actorOf(principal)],
  }
}
