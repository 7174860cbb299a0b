/**
 * Resolve and Reopen: the case commands (issue 4). A case's status and resolution are server-owned
 * fields, so these are the only way to change them; each is one attributed edit of the case's
 * document by the caller, checked against the latest accepted state inside the edit itself.
 * The caller (a route) has already checked the actor may write the case.
 */
import { HTTPException } from 'hono/http-exception'
import { readFields, writeFields } from '../../shared/doc/record-doc'
import type { Services } from '../services'
import { caseNumberFor } from './case-number-rule'
import { currentValues, editRecord, recordDocName, type RecordValues } from './record-edits'
import { SERVER_ACTOR } from './rule-context'

export interface Resolution {
  resolution: unknown
  timeSpentMinutes?: unknown
}

const RESOLUTION_MAX = 2000
const MINUTES_MAX = 1_000_000

/** Marks an active case resolved now, with what resolved it and the time spent. */
export async function resolveCase(services: Services, actor: string, workspaceId: string, caseId: string, input: Resolution): Promise<RecordValues> {
  const { resolution, timeSpentMinutes } = parseResolution(input)
  const docName = await existingCase(services, workspaceId, caseId)
  const { declined } = await editRecord(services.rooms, docName, actor, (doc) => {
    const fields = readFields(doc)
    if (fields.deleted === true) return 'deleted'
    if (fields.status === 'resolved') return 'resolved'
    if (fields.status === 'cancelled') return 'cancelled'
    writeFields(doc, {
      status: 'resolved',
      statusReason: 'problem-solved',
      resolvedAt: new Date().toISOString(),
      resolution,
      timeSpentMinutes,
    })
  })
  if (declined === 'deleted') throw new HTTPException(404, { message: 'No such case.' })
  if (declined === 'resolved') throw new HTTPException(409, { message: 'This case is already resolved. Reopen it first to resolve it again.' })
  if (declined === 'cancelled') throw new HTTPException(409, { message: 'A cancelled case cannot be resolved. Reopen it first.' })
  return (await currentValues(services.rooms, docName, 'case'))!
}

/**
 * Makes a resolved or cancelled case active again. The resolution fields are cleared; their old
 * values stay in the field history.
 */
export async function reopenCase(services: Services, actor: string, workspaceId: string, caseId: string): Promise<RecordValues> {
  const docName = await existingCase(services, workspaceId, caseId)
  const { declined } = await editRecord(services.rooms, docName, actor, (doc) => {
    const fields = readFields(doc)
    if (fields.deleted === true) return 'deleted'
    if (fields.status !== 'resolved' && fields.status !== 'cancelled') return 'active'
    writeFields(doc, { status: 'active', statusReason: 'in-progress', resolvedAt: null, resolution: null, timeSpentMinutes: null })
  })
  if (declined === 'deleted') throw new HTTPException(404, { message: 'No such case.' })
  if (declined === 'active') throw new HTTPException(409, { message: 'This case is already active: only a resolved or cancelled case can be reopened.' })
  return (await currentValues(services.rooms, docName, 'case'))!
}

/**
 * Numbers a case now (and makes it active if it has no status), as the server, instead of a moment
 * later by the rule runner: for a create route that wants the number in its answer. Idempotent:
 * the case keeps the number it has, and the rule finds nothing left to do.
 */
export async function numberCase(services: Services, workspaceId: string, caseId: string): Promise<string> {
  const docName = await existingCase(services, workspaceId, caseId)
  const number = await caseNumberFor(services.storage.db, workspaceId, caseId)
  await editRecord(services.rooms, docName, SERVER_ACTOR, (doc) => {
    const fields = readFields(doc)
    writeFields(doc, { ...(fields.caseNumber ? {} : { caseNumber: number }), ...(fields.status ? {} : { status: 'active' }) })
  })
  return number
}

async function existingCase(services: Services, workspaceId: string, caseId: string): Promise<string> {
  const docName = recordDocName(workspaceId, 'case', caseId, 'case')
  const values = await currentValues(services.rooms, docName, 'case')
  if (!values || values.deleted === true) throw new HTTPException(404, { message: 'No such case.' })
  return docName
}

function parseResolution(input: Resolution): { resolution: string; timeSpentMinutes: number | null } {
  const fields: Record<string, string> = {}
  const resolution = typeof input.resolution === 'string' ? input.resolution.trim() : ''
  if (typeof input.resolution !== 'string' && input.resolution !== undefined) fields.resolution = 'must be text'
  else if (resolution === '') fields.resolution = 'is required: say what resolved the case'
  else if (resolution.length > RESOLUTION_MAX) fields.resolution = `is longer than ${RESOLUTION_MAX} characters`
  const minutes = input.timeSpentMinutes
  if (minutes !== undefined && minutes !== null && (typeof minutes !== 'number' || !Number.isSafeInteger(minutes) || minutes < 0 || minutes > MINUTES_MAX)) {
    fields.timeSpentMinutes = `must be a whole number of minutes from 0 to ${MINUTES_MAX}`
  }
  if (Object.keys(fields).length > 0) {
    throw new HTTPException(400, { message: `Please check: ${Object.entries(fields).map(([k, v]) => `${k} ${v}`).join('; ')}.` })
  }
  return { resolution, timeSpentMinutes: typeof minutes === 'number' ? minutes : null }
}
