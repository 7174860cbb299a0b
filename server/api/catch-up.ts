/**
 * POST /api/sync/:workspaceId/catch-up — the batched catch-up exchange
 * (shared/protocol/catch-up.ts): many documents, one request, each through its room's one path.
 */
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { HTTPException } from 'hono/http-exception'
import { parseDocName } from '../../shared/doc-name'
import { ERROR } from '../../shared/errors'
import { CatchUpFormatError, readCatchUpRequest, writeCatchUpResponse, type CatchUpResponseDoc } from '../../shared/protocol/catch-up'
import { actorOf, type Principal } from '../auth/principal'
import type { Services } from '../services'
import type { AppEnv } from './app-env'

export const CATCH_UP_MAX_DOCS = 500
export const CATCH_UP_MAX_BYTES = 32 * 1024 * 1024
/** Documents processed at once within one request. */
const PARALLEL = 8

export function catchUpRoute(services: Services) {
  const app = new Hono<AppEnv>()
  app.post('/:workspaceId/catch-up', bodyLimit({
    maxSize: CATCH_UP_MAX_BYTES,
    onError: () => { throw new HTTPException(413, { message: `A catch-up request may carry at most ${CATCH_UP_MAX_BYTES / 1024 / 1024} MiB; send fewer documents per request.` }) },
  }), async (c) => {
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'Sign in to sync.' })
    const workspaceId = c.req.param('workspaceId')
    if (!(await services.access.role(principal, workspaceId))) throw new HTTPException(404, { message: 'No such workspace.' })
    let docs
    try {
      docs = readCatchUpRequest(new Uint8Array(await c.req.arrayBuffer()), CATCH_UP_MAX_DOCS)
    } catch (error) {
      if (error instanceof CatchUpFormatError) throw new HTTPException(400, { message: error.message })
      throw error
    }
    const answers: CatchUpResponseDoc[] = new Array(docs.length)
    let next = 0
    const worker = async () => {
      while (next < docs.length) {
        const i = next++
        answers[i] = await catchUpOne(services, workspaceId, docs[i]!, principal)
      }
    }
    await Promise.all(Array.from({ length: Math.min(PARALLEL, docs.length) }, worker))
    return c.body(writeCatchUpResponse(answers) as Uint8Array<ArrayBuffer>, 200, { 'content-type': 'application/octet-stream' })
  })
  return app
}

async function catchUpOne(
  services: Services, workspaceId: string,
  request: { name: string; stateVector: Uint8Array; update: Uint8Array }, principal: Principal,
): Promise<CatchUpResponseDoc> {
  const doc = parseDocName(request.name)
  // Malformed, unknown and forbidden documents get the same answer.
  if (!doc || doc.workspaceId !== workspaceId) return { name: request.name, status: 'denied', code: ERROR.NOT_FOUND }
  const level = await services.access.docAccess(principal, doc, request.name)
  if (level === 'none') return { name: request.name, status: 'denied', code: ERROR.NOT_FOUND }
  return services.rooms.with(request.name, async (room) => {
    const result = request.update.length === 0 ? { status: 'committed' as const }
      : level === 'read' ? { status: 'refused' as const, code: ERROR.FORBIDDEN, message: 'you may read these records but not change them' }
        : await room.submit(request.update, actorOf(principal))
    let answer
    try {
      answer = await room.answer(request.stateVector)
    } catch {
      return { name: request.name, status: 'refused', code: ERROR.BAD_REQUEST, message: 'the state vector is malformed', missing: new Uint8Array(), committed: new Uint8Array() }
    }
    if (result.status === 'refused') {
      return { name: request.name, status: 'refused', code: result.code, message: result.message, ...answer }
    }
    return { name: request.name, status: 'ok', ...answer }
  })
}
