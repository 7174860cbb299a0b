/**
 * Who may do what on the record API, asked once at the top of every route: the principal's role in
 * the workspace (signed out: 401; not a member, or no such workspace: 404 with nothing revealed),
 * the record type named by the path, write rights (viewers: 403), and whether one record is
 * visible (private types: its owner, owners and admins). A record the principal may not see and a
 * record that does not exist answer the same 404.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { formatDocName, isWorkspaceId } from '../../../shared/doc-name'
import { isUuid } from '../../../shared/ids'
import { recordTypeByPath } from '../../../shared/records/index'
import type { RecordType } from '../../../shared/schema/record-type'
import type { Role } from '../../auth/auth-store'
import type { Principal } from '../../auth/principal'
import { visibilityWhere, type SqlCondition } from '../../auth/record-visibility'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { readRecordRow, type RecordRow } from './record-response'

export interface Caller {
  principal: Principal
  workspaceId: string
  role: Role
}

export const NO_SUCH_RECORD = 'No such record.'

export async function callerIn(services: Services, c: Context<AppEnv>): Promise<Caller> {
  const principal = c.get('principal')
  if (!principal) throw new HTTPException(401, { message: 'Sign in, or send an API token as `Authorization: Bearer <token>`.' })
  const workspaceId = c.req.param('workspaceId') ?? ''
  const role = isWorkspaceId(workspaceId) ? await services.access.role(principal, workspaceId) : null
  if (!role) throw new HTTPException(404, { message: 'No such workspace.' })
  return { principal, workspaceId, role }
}

export function typeAt(path: string | undefined): RecordType {
  const type = recordTypeByPath(path ?? '')
  if (!type) throw new HTTPException(404, { message: `No such record type "${path}". Record paths: accounts, contacts, relationships, relationship-roles, cases, activities.` })
  return type
}

export function mustWrite(caller: Caller): void {
  if (caller.role === 'viewer') throw new HTTPException(403, { message: 'Viewers can read records but not change them.' })
}

export function visibility(services: Services, caller: Caller, alias: string, firstParam: number): Promise<SqlCondition> {
  return visibilityWhere(services.access, caller.principal, caller.workspaceId, alias, firstParam)
}

/** The record's projected row when the caller may see it; 404 otherwise, whatever the reason. */
export async function visibleRecord(services: Services, caller: Caller, type: RecordType, id: string | undefined): Promise<RecordRow> {
  if (!id || !isUuid(id)) throw new HTTPException(404, { message: NO_SUCH_RECORD })
  const docName = formatDocName({ workspaceId: caller.workspaceId, type: type.type, recordId: id })
  const access = await services.access.docAccess(caller.principal, { workspaceId: caller.workspaceId, type: type.type, recordId: id }, docName)
  const row = access === 'none' ? null : await readRecordRow(services, caller.workspaceId, id)
  if (!row || row.type !== type.type) throw new HTTPException(404, { message: NO_SUCH_RECORD })
  return row
}
