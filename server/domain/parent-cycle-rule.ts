/**
 * Rule: a chain of parent accounts never forms a cycle (DESIGN.md §7, issue 4). Two offline users
 * can each make a valid edit (A under B, B under A) whose merge is a cycle; the server breaks it by
 * clearing `parentAccountId` on the cycle's member with the greatest id. Which records form the
 * cycle does not depend on arrival order, so neither does the member that loses its parent. A
 * missing parent is no problem: the chain simply ends there until the parent arrives.
 */
import { formatDocName } from '../../shared/doc-name'
import { readField, writeFields } from '../../shared/doc/record-doc'
import type { SqlRunner } from '../storage/sql'
import type { RuleContext } from './rule-context'

const FIELD = 'parentAccountId'
/** Chains longer than this are not followed further (no real hierarchy is this deep). */
const MAX_DEPTH = 10_000

/** The accounts of the cycle the parent chain from `accountId` runs into, in chain order; null if none. */
export async function parentCycle(db: SqlRunner, workspaceId: string, accountId: string): Promise<string[] | null> {
  const rows = await db.query<{ path: string[]; id: string }>(
    `with recursive chain (id, parent, path, cycle) as (
        select r.id, r.data->>'parentAccountId', array[r.id], false
        from records r where r.workspace_id = $1 and r.id = $2 and r.type = 'account'
      union all
        select r.id, r.data->>'parentAccountId', c.path || r.id, r.id = any(c.path)
        from chain c join records r on r.workspace_id = $1 and r.id = c.parent and r.type = 'account'
        where not c.cycle and cardinality(c.path) < $3
      )
      select path, id from chain where cycle limit 1`, [workspaceId, accountId, MAX_DEPTH])
  const row = rows[0]
  if (!row) return null
  return row.path.slice(row.path.indexOf(row.id), -1)
}

export async function checkParentCycle(ctx: RuleContext, workspaceId: string, accountId: string): Promise<void> {
  const cycle = await parentCycle(ctx.db, workspaceId, accountId)
  if (!cycle) return
  const loser = [...cycle].sort().at(-1)!
  const parent = cycle[(cycle.indexOf(loser) + 1) % cycle.length]!
  const docName = formatDocName({ workspaceId, type: 'account', recordId: loser })
  await ctx.repair(docName, `its parent chain formed a cycle: ${cycle.join(' → ')}`, (doc) => {
    if (readField(doc, FIELD) !== parent) return false
    writeFields(doc, { [FIELD]: null })
    return true
  })
}
