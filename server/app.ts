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
import { catchUpRoute } from './api/catch-up'
import { serveClient } from './api/serve-client'
import { workspaceExists, type Services } from './services'
import { connectSocket } from './sync/socket-adapter'

export function createApp(services: Services, options: { clientDir?: string } = {}) {
  const { rooms, hub, metrics, storage, logger } = services
  const app = new Hono()

  app.onError((error, c) => {
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

  app.get('/sync/:workspaceId/:type/:recordId', async (c, next) => {
    const name = `${c.req.param('workspaceId')}/${c.req.param('type')}/${c.req.param('recordId')}`
    if (!parseDocName(name)) throw new HTTPException(404, { message: 'No such document.' })
    if (!(await workspaceExists(services, c.req.param('workspaceId')))) throw new HTTPException(404, { message: 'No such document.' })
    const version = c.req.query(PROTOCOL_PARAM)
    if (version !== undefined && version !== String(PROTOCOL_VERSION)) {
      throw new HTTPException(400, { message: `This server speaks Tandem sync protocol ${PROTOCOL_VERSION}, not ${version}. Reload the app.` })
    }
    if (c.req.header('upgrade')?.toLowerCase() !== 'websocket') {
      throw new HTTPException(426, { message: 'This path speaks the y-websocket protocol: connect with a WebSocket.' })
    }
    return next()
  }, upgradeWebSocket((c) => {
    const name = `${c.req.param('workspaceId')}/${c.req.param('type')}/${c.req.param('recordId')}`
    const extensions = c.req.query(PROTOCOL_PARAM) === String(PROTOCOL_VERSION)
    return {
      onOpen(_event, ws) {
        const room = rooms.open(name)
        const raw = ws.raw as WebSocket
        if (!room) return ws.close(CLOSE.BAD_DOCUMENT_NAME.code, CLOSE.BAD_DOCUMENT_NAME.reason)
        connectSocket(raw, room, { actor: 'anonymous', extensions, readOnly: false, identity: null }, logger)
      },
      onError(event) {
        logger.warn('sync socket error', { doc: name, error: String((event as ErrorEvent).error ?? event) })
      },
    }
  }))

  app.get('/live/:workspaceId', async (c, next) => {
    const workspaceId = c.req.param('workspaceId')
    if (!isWorkspaceId(workspaceId) || !(await workspaceExists(services, workspaceId))) {
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
        unsubscribe = hub.subscribe(workspaceId, { send: (text) => { if (raw.readyState === raw.OPEN) raw.send(text) } })
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

  app.route('/api/sync', catchUpRoute(services))

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: 'No such API route.' })
  })

  if (options.clientDir) app.route('/', serveClient(options.clientDir))

  return app
}

function codeForStatus(status: number): string {
  if (status === 404) return ERROR.NOT_FOUND
  if (status === 403 || status === 401) return ERROR.FORBIDDEN
  if (status === 413) return ERROR.FRAME_TOO_LARGE
  if (status >= 500) return ERROR.INTERNAL
  return ERROR.BAD_REQUEST
}
