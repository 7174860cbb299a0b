/**
 * Finding, or making, the plan of an account, and turning an action item into an activity. Both
 * work offline: the local catalog answers when the server cannot, and a new plan or activity is a
 * new document with an id made here (client/features/record/create-record.ts), uploaded when it can.
 */
import { isUuid } from '../../../shared/ids'
import { call } from '../../api/api-call'
import type { SyncClient } from '../../sync/sync-client'
import { createRecord } from '../record/create-record'
import { plansOfAccount, type PlanCandidate } from './plan-choice'

/** The account's plans the server and this device know of, oldest first. */
export async function knownPlans(client: SyncClient, workspaceId: string, accountId: string): Promise<string[]> {
  const candidates: PlanCandidate[] = client.catalog.list({ type: 'account-plan' })
    .map((row) => ({ id: row.id, accountId: row.fields.accountId, deleted: row.deleted }))
  try {
    // A plan a colleague made a moment ago may not be in this device's catalog yet.
    const page = await call<{ items: Array<{ id: string; fields?: { accountId?: unknown } }> }>(
      `/api/v1/${encodeURIComponent(workspaceId)}/account-plans?accountId=${encodeURIComponent(accountId)}&limit=50`)
    for (const item of page.items) candidates.push({ id: item.id, accountId })
  } catch { /* offline, or the server is away: the local catalog decides */ }
  return plansOfAccount(candidates, accountId)
}

/** The id of the account's plan: the oldest one known, or a new one made here. */
export async function openPlanOf(client: SyncClient, workspaceId: string, account: { id: string; title: string }, ownerId: string): Promise<string> {
  const [existing] = await knownPlans(client, workspaceId, account.id)
  if (existing) return existing
  const name = `${account.title || 'Account'} plan`.slice(0, 200)
  const made = await createRecord(client, workspaceId, 'account-plan', { name, accountId: account.id, ...(isUuid(ownerId) ? { ownerId } : {}) })
  if (!made.ok) throw new Error(Object.values(made.errors).join('; '))
  return made.id
}

export interface ActionItem {
  text: string
  ownerId?: string | null
  dueDate?: string | null
}

/**
 * Makes an action item into a task regarding the account (a new activity document, offline too),
 * then `link`s it in the item (the open plan writes the id). Returns the activity's id, or why not.
 */
export async function makeActivity(
  client: SyncClient, workspaceId: string, accountId: string, item: ActionItem, link: (activityId: string) => void,
): Promise<{ ok: true; id: string } | { ok: false; message: string }> {
  const made = await createRecord(client, workspaceId, 'activity', {
    kind: 'task', status: 'open', subject: item.text.slice(0, 200), regardingType: 'account', regardingId: accountId,
    ...(item.dueDate ? { dueAt: `${item.dueDate}T12:00:00Z` } : {}),
    ...(item.ownerId ? { ownerId: item.ownerId } : {}),
  })
  if (!made.ok) return { ok: false, message: Object.values(made.errors).join('; ') }
  link(made.id)
  return { ok: true, id: made.id }
}
