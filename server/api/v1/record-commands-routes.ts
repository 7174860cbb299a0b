/**
 * Commands on records (issue 4), as REST: `POST …/accounts/<id>/primary-contact` with `{contactId}`
 * (null clears), `POST …/cases/<id>/resolve` with `{resolution, timeSpentMinutes}` and
 * `POST …/cases/<id>/reopen`. The rules live in server/domain/; here are access, parsing and the
 * answer (the record, once its projection is committed, with its ETag).
 */
import { Hono, type Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { formatDocName } from '../../../shared/doc-name'
import { isUuid } from '../../../shared/ids'
import { account } from '../../../shared/records/account'
import { serviceCase } from '../../../shared/records/case'
import { actorOf } from '../../auth/principal'
import { reopenCase, resolveCase } from '../../domain/case-commands'
import { setPrimaryContact } from '../../domain/primary-contact'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { jsonBody, ValidationError } from '../validation'
import { callerIn, mustWrite, visibleRecord } from './record-access'
import { checkIfMatch, etagOf, readRecordRow, recordJson } from './record-response'

export function recordCommandRoutes(services: Services) {
  const app = new Hono<AppEnv>()

  app.post('/:workspaceId/accounts/:id/primary-contact', async (c) => {
    const caller = await callerIn(services, c)
    const before = await visibleRecord(services, caller, account, c.req.param('id'))
    mustWrite(caller)
    checkIfMatch(c.req.header('if-match'), before)
    const body = await jsonBody(c)
    const contactId = body.contactId
    if (!('contactId' in body) || (contactId !== null && typeof contactId !== 'string')) {
      throw new ValidationError({ contactId: 'must be the id of a contact of this account, or null to clear the primary contact' })
    }
    if (Object.keys(body).length > 1) throw new ValidationError(Object.fromEntries(Object.keys(body).filter((k) => k !== 'contactId').map((k) => [k, 'is not a parameter of this command'])))
    if (contactId !== null && isUuid(contactId)) {
      // A contact the caller may not see is, to them, no contact at all.
      const name = formatDocName({ workspaceId: caller.workspaceId, type: 'contact', recordId: contactId })
      if ((await services.access.docAccess(caller.principal, { workspaceId: caller.workspaceId, type: 'contact', recordId: contactId }, name)) === 'none') {
        throw new HTTPException(400, { message: 'There is no such contact: the primary contact must be a contact of this account.' })
      }
    }
    await setPrimaryContact(services, actorOf(caller.principal), caller.workspaceId, before.id, contactId)
    return answer(c, services, caller.workspaceId, before.id)
  })

  app.post('/:workspaceId/cases/:id/resolve', async (c) => {
    const caller = await callerIn(services, c)
    const before = await visibleRecord(services, caller, serviceCase, c.req.param('id'))
    mustWrite(caller)
    checkIfMatch(c.req.header('if-match'), before)
    const { resolution, timeSpentMinutes, ...rest } = await jsonBody(c)
    if (Object.keys(rest).length > 0) throw new ValidationError(Object.fromEntries(Object.keys(rest).map((k) => [k, 'is not a parameter of this command'])))
    await resolveCase(services, actorOf(caller.principal), caller.workspaceId, before.id, { resolution, timeSpentMinutes })
    return answer(c, services, caller.workspaceId, before.id)
  })

  app.post('/:workspaceId/cases/:id/reopen', async (c) => {
    const caller = await callerIn(services, c)
    const before = await visibleRecord(services, caller, serviceCase, c.req.param('id'))
    mustWrite(caller)
    checkIfMatch(c.req.header('if-match'), before)
    await reopenCase(services, actorOf(caller.principal), caller.workspaceId, before.id)
    return answer(c, services, caller.workspaceId, before.id)
  })

  return app
}

async function answer(c: Context<AppEnv>, services: Services, workspaceId: string, id: string) {
  const row = await readRecordRow(services, workspaceId, id)
  if (!row) throw new Error(`the projection of ${id} is missing after a command`)
  c.header('ETag', etagOf(row))
  return c.json(recordJson(row))
}
