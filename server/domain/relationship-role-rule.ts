/**
 * Rule: each role of a relationship is a relationship role that applies to its side's record type
 * (DESIGN.md §7, issue 4): `fromRoleId` to `fromType`, `toRoleId` to `toType`. A role that is
 * present but does not apply (another record type, deleted, not a role) is cleared at once; a role
 * that is missing is cleared only if still missing after the grace period. A role whose
 * `appliesTo` is empty applies to every type (users may add roles without saying).
 * Checked when the relationship changes, and for the relationships using a role when it changes.
 */
import { formatDocName } from '../../shared/doc-name'
import { readField, writeFields } from '../../shared/doc/record-doc'
import { recordRows, refValue, type RecordRow, type RuleContext } from './rule-context'

const SIDES = [{ role: 'fromRoleId', type: 'fromType' }, { role: 'toRoleId', type: 'toType' }] as const

/** Why `role` cannot be the role of a side of type `sideType`; null when it can. */
export function roleProblem(role: RecordRow, sideType: unknown): string | null {
  if (role.type !== 'relationship-role') return 'is not a relationship role'
  if (role.deleted) return 'is deleted'
  const appliesTo = Array.isArray(role.data.appliesTo) ? role.data.appliesTo : []
  if (appliesTo.length > 0 && !appliesTo.includes(sideType)) return `does not apply to a ${String(sideType)}`
  return null
}

export async function checkRelationshipRoles(ctx: RuleContext, workspaceId: string, relationshipId: string): Promise<void> {
  const docName = formatDocName({ workspaceId, type: 'relationship', recordId: relationshipId })
  const relationship = (await recordRows(ctx.db, workspaceId, [relationshipId])).get(relationshipId)
  if (!relationship || relationship.deleted) {
    for (const side of SIDES) ctx.notMissing(docName, side.role)
    return
  }
  const roleIds = SIDES.map((side) => refValue(relationship.data, side.role))
  const roles = await recordRows(ctx.db, workspaceId, roleIds.filter((id): id is string => id !== null))
  const clear: Array<{ field: string; value: string; why: string }> = []
  SIDES.forEach((side, i) => {
    const roleId = roleIds[i]
    if (!roleId) return ctx.notMissing(docName, side.role)
    const role = roles.get(roleId)
    if (!role) {
      if (ctx.missingForGrace(docName, side.role, roleId)) clear.push({ field: side.role, value: roleId, why: 'the role never arrived' })
      return
    }
    ctx.notMissing(docName, side.role)
    const problem = roleProblem(role, relationship.data[side.type])
    if (problem) clear.push({ field: side.role, value: roleId, why: `the role ${problem}` })
  })
  if (clear.length === 0) return
  await ctx.repair(docName, clear.map((c) => `${c.field}: ${c.why}`).join('; '), (doc) => {
    const patch: Record<string, null> = {}
    for (const c of clear) if (readField(doc, c.field) === c.value) patch[c.field] = null
    if (Object.keys(patch).length === 0) return false
    writeFields(doc, patch)
    return true
  })
}

/** The relationships using role `roleId` on either side, to re-check when that role changes. */
export async function relationshipsUsing(ctx: RuleContext, workspaceId: string, roleId: string): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>(
    `select id from records where workspace_id = $1 and type = 'relationship' and refs @> array[$2::text]
       and (data->>'fromRoleId' = $2 or data->>'toRoleId' = $2)`, [workspaceId, roleId])
  return rows.map((row) => formatDocName({ workspaceId, type: 'relationship', recordId: row.id }))
}
