/**
 * Rule: an account's `primaryContactId` points at a live contact of that account, or is empty
 * (DESIGN.md §7, issue 4). Checked when the account changes, and for the accounts naming a contact
 * whenever that contact changes (moved to another account, deleted). A contact that is present but
 * wrong is cleared at once; one that is missing is cleared only if still missing after the grace
 * period (it may have been created offline and not uploaded yet). The verdict depends only on the
 * records' current states, so every arrival order ends the same.
 */
import { formatDocName } from '../../shared/doc-name'
import { readField, writeFields } from '../../shared/doc/record-doc'
import { recordRow, refValue, type RuleContext } from './rule-context'

const FIELD = 'primaryContactId'

/** Why `contact` cannot be the primary contact of account `accountId`; null when it can. */
export function primaryContactProblem(contact: { type: string; deleted: boolean; data: Record<string, unknown> }, accountId: string): string | null {
  if (contact.type !== 'contact') return 'is not a contact'
  if (contact.deleted) return 'is deleted'
  if (refValue(contact.data, 'accountId') !== accountId) return 'is not a contact of this account'
  return null
}

export async function checkPrimaryContact(ctx: RuleContext, workspaceId: string, accountId: string): Promise<void> {
  const docName = formatDocName({ workspaceId, type: 'account', recordId: accountId })
  const account = await recordRow(ctx.db, workspaceId, accountId)
  const contactId = account && !account.deleted ? refValue(account.data, FIELD) : null
  if (!contactId) return ctx.notMissing(docName, FIELD)
  const contact = await recordRow(ctx.db, workspaceId, contactId)
  let why: string | null
  if (!contact) {
    if (!ctx.missingForGrace(docName, FIELD, contactId)) return
    why = 'the primary contact never arrived'
  } else {
    ctx.notMissing(docName, FIELD)
    const problem = primaryContactProblem(contact, accountId)
    if (!problem) return
    why = `the primary contact ${problem}`
  }
  await ctx.repair(docName, why, (doc) => {
    if (readField(doc, FIELD) !== contactId) return false
    writeFields(doc, { [FIELD]: null })
    return true
  })
}

/** The accounts whose primary contact is `contactId`, to re-check when that contact changes. */
export async function accountsNaming(ctx: RuleContext, workspaceId: string, contactId: string): Promise<string[]> {
  const rows = await ctx.db.query<{ id: string }>(
    `select id from records where workspace_id = $1 and type = 'account' and data->>'primaryContactId' = $2`, [workspaceId, contactId])
  return rows.map((row) => formatDocName({ workspaceId, type: 'account', recordId: row.id }))
}
