/**
 * Binds real WebSockets (the `ws` sockets under Hono's upgradeWebSocket) to rooms: one
 * RoomConnection per socket. The room does the rest.
 */
import type { WebSocket } from 'ws'
import { uuidv7 } from '../../shared/ids'
import type { Logger } from '../logger'
import type { PresenceIdentity } from './awareness-guard'
import type { Room, RoomConnection } from './room'

export interface SocketInfo {
  actor: string
  extensions: boolean
  readOnly: boolean
  identity: PresenceIdentity | null
}

/** A socket's connection; `readOnly` changes when the user's role does. */
export interface SocketConnection extends RoomConnection {
  readOnly: boolean
}

export function connectSocket(ws: WebSocket, room: Room, info: SocketInfo, logger: Logger): SocketConnection {
  const conn: SocketConnection = {
    id: uuidv7(),
    actor: info.actor,
    extensions: info.extensions,
    readOnly: info.readOnly,
    identity: info.identity,
    send(frame) {
      if (ws.readyState === ws.OPEN) ws.send(frame, { binary: true })
    },
    close(code, reason) {
      if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason)
    },
  }
  ws.on('error', (error) => logger.warn('sync socket error', { doc: room.name, error: error.message }))
  ws.on('message', (data, isBinary) => {
    if (!isBinary) return room.handleMessage(conn, data.toString())
    room.handleMessage(conn, toBytes(data))
  })
  ws.on('close', () => room.handleClose(conn))
  room.handleConnect(conn)
  return conn
}

function toBytes(data: WebSocket.RawData): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data))
  if (data instanceof ArrayBuffer) return new Uint8Array(data)
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
}
