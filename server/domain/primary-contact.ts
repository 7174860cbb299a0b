/**
 * Setting an account's primary contact (issue 4, DESIGN.md §7). The primary contact is one field on
 * the account, `primaryContactId`, and must be a live contact of that account: this command refuses
 * anything else with a clear error, and the rule runner (primary-contact-rule.ts) repairs what
 * offline merges break. The caller (a route) has already checked the actor may write the account.
 */
import { HTTPException } from 'hono/http-exception'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import { isUuid } from '../../shared/ids'
import type { Services } from '../services'
import { currentValues, editRecord, recordDocName, type RecordValues } from './record-edits'

/** Sets (or with null clears) the primary contact of an account; returns the account's values. */
export async function setPrimaryContact(services: Services, actor: string, workspaceId: string, accountId: string, contactId: string | null): Promise<RecordValues> {
  const docName = recordDocName(workspaceId, 'account', accountId, 'account')
  const account = await currentValues(services.rooms, docName, 'account')
  if (!account || account.deleted === true) throw new HTTPException(404, { message: 'No such account.' })
  if (contactId !== null) await mustBeLiveContactOf(services, workspaceId, accountId, contactId)
  const { declined } = await editRecord(services.rooms, docName, actor, (doc) => {
    if (readFields(doc).deleted === true) return 'deleted'
    writeFields(doc, { primaryContactId: contactId })
  })
  if (declined) throw new HTTPException(404, { message: 'No such account.' })
  return (await currentValues(services.rooms, docName, 'account'))!
}

async function mustBeLiveContactOf(services: Services, workspaceId: string, accountId: string, contactId: unknown): Promise<void> {
  if (typeof contactId !== 'string' || !isUuid(contactId)) {
    throw new HTTPException(400, { message: 'contactId must be the id of a contact of this account, or null to clear the primary contact.' })
  }
  const [row] = await services.storage.db.query<{ type: string; deleted: boolean; account_id: string | null }>(
    `select type, deleted, data->>'accountId' as account_id from records where workspace_id = $1 and id = $2`, [workspaceId, contactId])
  if (!row || row.type !== 'contact') throw new HTTPException(400, { message: 'There is no such contact: the primary contact must be a contact of this account.' })
  if (row.deleted) throw new HTTPException(400, { message: 'This contact is deleted: the primary contact must be a live contact of this account.' })
  if (row.account_id !== accountId) throw new HTTPException(400, { message: 'This contact does not work for this account: set its account first, or choose one of this account\'s contacts.' })
}
