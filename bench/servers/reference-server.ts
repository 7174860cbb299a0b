/**
 * Peer 1, the y-websocket reference server: `setupWSConnection` from y-websocket 2.1.0 on a plain
 * http server with `ws`, in memory, broadcasting every update as it is applied (no persistence:
 * YPERSISTENCE is unset). The document name is the request path, as in its own bin/server.
 */
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { WebSocketServer } from 'ws'
import { setupWSConnection } from 'y-websocket-ref/bin/utils'
import { announceReady } from './announce-ready'

const server = createServer((_req, res) => {
  res.writeHead(200, { 'content-type': 'text/plain' })
  res.end('y-websocket reference server\n')
})
const wss = new WebSocketServer({ server })
wss.on('connection', (conn, req) => {
  conn.on('error', () => {})
  setupWSConnection(conn, req)
})
server.listen(0, '127.0.0.1', () => announceReady('y-websocket reference', (server.address() as AddressInfo).port))
process.on('SIGTERM', () => {
  for (const client of wss.clients) client.terminate()
  server.close(() => process.exit(0))
})
