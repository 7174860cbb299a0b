/**
 * The HTTP surface, one Hono app on one port: health and metrics, the sync and live sockets,
 * the batched catch-up, and the built client.
 */
import { upgradeWebSocket } from '@hono/node-server'
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { WebSocket } from 'ws'
import { isWorkspaceId, parseDocName } from '../shared/doc-name'
import { CLOSE, ERROR } from '../shared/errors'
import { helloMessage, writeLiveMessage } from '../shared/protocol/live'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../shared/protocol/version'
import type { AppEnv } from './api/app-env'
import { authRoutes } from './api/auth-routes'
import { catchUpRoute } from './api/catch-up'
import { apiV1 } from './api/v1'
import { ValidationError } from './api/validation'
import { workspaceRoutes } from './api/workspace-routes'
import { resolvePrincipal } from './auth/authenticate'
import { originAllowed } from './auth/origin-check'
import { actorOf, type Principal } from './auth/principal'
import { colorFor } from './sync/awareness-guard'
import { serveClient } from './api/serve-client'
import type { Services } from './services'
import { catalogPokesFor } from './sync/catalog-pokes'
import { connectSocket } from './sync/socket-adapter'

export function createApp(services: Services, options: { clientDir?: string } = {}) {
  const { rooms, hub, metrics, storage, logger } = services
  const catalogPokes = catalogPokesFor(services)
  const app = new Hono<AppEnv>()

  app.onError((error, c) => {
    if (error instanceof ValidationError) {
      return c.json({ error: { code: ERROR.BAD_REQUEST, message: error.message, fields: error.fields } }, 400)
    }
    if (error instanceof HTTPException) {
      return c.json({ error: { code: codeForStatus(error.status), message: error.message } }, error.status)
    }
    logger.error('request failed', { path: c.req.path, error: String(error), stack: (error as Error).stack })
    return c.json({ error: { code: ERROR.INTERNAL, message: 'Something went wrong on the server. It has been logged.' } }, 500)
  })

  app.get('/healthz', (c) => c.json({
    status: 'ok',
    storage: storage.db.kind,
    documentsLoaded: rooms.size,
    connections: rooms.connectionCount,
    liveChannels: hub.subscriberCount,
  }))

  app.get('/metrics', (c) => c.text(metrics.render(), 200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }))

  // No cross-site requests or sockets, then who is asking, for every API call and socket. Browsers
  // send `Origin` on every write, upgrade and cross-origin read, never on the app's own reads, so
  // a foreign one is refused whatever the method, before any session is looked up.
  app.use('*', async (c, next) => {
    const path = c.req.path
    const guarded = path.startsWith('/api/') || path.startsWith('/sync/') || path.startsWith('/live/')
    if (guarded && !originAllowed(c, services.allowedOrigins)) {
      throw new HTTPException(403, { message: 'This request comes from a site that may not use this server.' })
    }
    c.set('principal', guarded ? await resolvePrincipal(c, services.auth) : null)
    return next()
  })

  app.get('/sync/:workspaceId/:type/:recordId', async (c, next) => {
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'Sign in to open records.' })
    const name = `${c.req.param('workspaceId')}/${c.req.param('type')}/${c.req.param('recordId')}`
    const doc = parseDocName(name)
    // Unknown, malformed and forbidden documents all answer the same: nothing is revealed.
    if (!doc || (await services.access.docAccess(principal, doc, name)) === 'none') throw new HTTPException(404, { message: 'No such document.' })
    const version = c.req.query(PROTOCOL_PARAM)
    if (version !== undefined && version !== String(PROTOCOL_VERSION)) {
      throw new HTTPException(400, { message: `This server speaks Tandem sync protocol ${PROTOCOL_VERSION}, not ${version}. Reload the app.` })
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new HTTPException(426, { message: 'This path speaks the y-websocket protocol: connect with a WebSocket.' })
    }
    return next()
  }, upgradeWebSocket(async (c) => {
    const name = `${c.req.param('workspaceId')}/${c.req.param('type')}/${c.req.param('recordId')}`
    const doc = parseDocName(name)!
    const principal = c.get('principal')!
    const level = await services.access.docAccess(principal, doc, name)
    const extensions = c.req.query(PROTOCOL_PARAM) === String(PROTOCOL_VERSION)
    return {
      onOpen(_event, ws) {
        const raw = ws.raw as WebSocket
        if (principal.kind === 'user' && services.connections.countForUser(principal.user.id) >= services.maxSocketsPerUser) {
          raw.on('error', () => {})
          return ws.close(CLOSE.TOO_MANY_DOCUMENTS.code, CLOSE.TOO_MANY_DOCUMENTS.reason)
        }
        const room = rooms.open(name)!
        const conn = connectSocket(raw, room, { actor: actorOf(principal), extensions, readOnly: level !== 'write', identity: identityOf(principal) }, logger)
        const unregister = services.connections.add({
          principal, workspaceId: doc.workspaceId, doc: { name, parsed: doc },
          setReadOnly: (readOnly) => { conn.readOnly = readOnly },
          close: (code, reason) => room.closeWith(conn, { code, reason }),
        })
        raw.on('close', unregister)
      },
      onError(event) {
        logger.warn('sync socket error', { doc: name, error: String((event as ErrorEvent).error ?? event) })
      },
    }
  }))

  app.get('/live/:workspaceId', async (c, next) => {
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'Sign in to follow a workspace.' })
    const workspaceId = c.req.param('workspaceId')
    if (!isWorkspaceId(workspaceId) || !(await services.access.role(principal, workspaceId))) {
      throw new HTTPException(404, { message: 'No such workspace.' })
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new HTTPException(426, { message: 'The live channel is a WebSocket.' })
    }
    return next()
  }, upgradeWebSocket((c) => {
    const workspaceId = c.req.param('workspaceId')!
    let unsubscribe = () => {}
    return {
      onOpen(_event, ws) {
        const raw = ws.raw as WebSocket
        raw.on('error', (error) => logger.warn('live socket error', { error: error.message }))
        const principal = c.get('principal')!
        // A poke names only what this principal may read: a private record is never hinted at.
        const stopHub = hub.subscribe(workspaceId, {
          poke: (docs) => void services.access.readable(principal, docs).then((visible) => {
            if (visible.length > 0 && raw.readyState === raw.OPEN) raw.send(writeLiveMessage({ t: 'poke', docs: visible }))
          }, (error: unknown) => logger.warn('live poke failed', { error: String(error) })),
        })
        // The catalog's sequence says only that something changed; the pull filters what they may read.
        const stopCatalog = catalogPokes.subscribe(workspaceId, (seq) => {
          if (raw.readyState === raw.OPEN) raw.send(writeLiveMessage({ t: 'catalog', seq }))
        })
        const unregister = services.connections.add({
          principal, workspaceId,
          setReadOnly: () => {},
          close: (code, reason) => raw.close(code, reason),
        })
        unsubscribe = () => { stopHub(); stopCatalog(); unregister() }
        raw.send(writeLiveMessage(helloMessage()))
      },
      onMessage(_event, ws) {
        // The live channel is server → client only.
        ws.close(CLOSE.MALFORMED_FRAME.code, CLOSE.MALFORMED_FRAME.reason)
      },
      onClose() {
        unsubscribe()
      },
      onError(event) {
        logger.warn('live socket error', { error: String((event as ErrorEvent).error ?? event) })
      },
    }
  }))

  app.route('/api/auth', authRoutes(services))
  app.route('/api', workspaceRoutes(services))
  app.route('/api/sync', catchUpRoute(services))
  app.route('/api/v1', apiV1(services))

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: 'No such API route.' })
  })

  if (options.clientDir) app.route('/', serveClient(options.clientDir))

  return app
}

function codeForStatus(status: number): string {
  if (status === 404) return ERROR.NOT_FOUND
  if (status === 412) return ERROR.PRECONDITION_FAILED
  if (status === 403 || status === 401) return ERROR.FORBIDDEN
  if (status === 413) return ERROR.FRAME_TOO_LARGE
  if (status >= 500) return ERROR.INTERNAL
  return ERROR.BAD_REQUEST
}

function identityOf(principal: Principal) {
  if (principal.kind === 'user') return { userId: principal.user.id, name: principal.user.name, color: colorFor(principal.user.id) }
  return { userId: `token:${principal.token.id}`, name: principal.token.name, color: colorFor(principal.token.id) }
}
