/**
 * Test helper: an in-memory RoomConnection, and a protocol client on top of it that keeps a
 * Y.Doc in sync with a room the way y-websocket does, with delivery the test controls.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as awarenessProtocol from 'y-protocols/awareness'
import * as syncProtocol from 'y-protocols/sync'
import * as Y from 'yjs'
import { readCommitted } from '../../shared/protocol/committed'
import { MESSAGE } from '../../shared/protocol/messages'
import { readRefused, type Refusal } from '../../shared/protocol/refused'
import type { PresenceIdentity } from '../sync/awareness-guard'
import type { Room, RoomConnection } from '../sync/room'

let nextId = 0

export class MemoryConnection implements RoomConnection {
  readonly id = `mem-${++nextId}`
  readonly received: Uint8Array[] = []
  closed: { code: number; reason: string } | null = null
  onFrame: ((frame: Uint8Array) => void) | null = null

  readonly identity: PresenceIdentity

  constructor(readonly actor = 'user:test', readonly extensions = true, public readOnly = false) {
    this.identity = { userId: actor.replace(/^user:/, ''), name: actor, color: '#1f5fbf' }
  }

  send(frame: Uint8Array): void {
    if (this.closed) return
    this.received.push(frame)
    this.onFrame?.(frame)
  }

  close(code: number, reason: string): void {
    this.closed ??= { code, reason }
  }
}

/**
 * A client of a room over a MemoryConnection. Frames in both directions go through queues that
 * the test flushes, holds, reorders or duplicates; `deliver` runs the queues dry.
 */
export class MemoryClient {
  readonly doc: Y.Doc
  readonly awareness: awarenessProtocol.Awareness
  conn: MemoryConnection | null = null
  readonly toServer: Uint8Array[] = []
  readonly toClient: Uint8Array[] = []
  readonly refusals: Refusal[] = []
  committed: Uint8Array | null = null
  private room: Room | null = null

  constructor(readonly name: string, clientId?: number, readonly options: { actor?: string; extensions?: boolean; readOnly?: boolean } = {}) {
    this.doc = new Y.Doc()
    if (clientId !== undefined) this.doc.clientID = clientId
    this.awareness = new awarenessProtocol.Awareness(this.doc)
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === this || !this.conn) return
      const encoder = encoding.createEncoder()
      encoding.writeVarUint(encoder, MESSAGE.SYNC)
      syncProtocol.writeUpdate(encoder, update)
      this.toServer.push(encoding.toUint8Array(encoder))
    })
  }

  get connected(): boolean {
    return this.conn !== null && this.conn.closed === null
  }

  connect(room: Room): void {
    this.room = room
    this.conn = new MemoryConnection(this.options.actor ?? 'user:test', this.options.extensions ?? true, this.options.readOnly ?? false)
    this.conn.onFrame = (frame) => this.toClient.push(frame)
    room.handleConnect(this.conn)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, MESSAGE.SYNC)
    syncProtocol.writeSyncStep1(encoder, this.doc)
    this.toServer.push(encoding.toUint8Array(encoder))
  }

  disconnect(): void {
    if (this.conn && this.room) this.room.handleClose(this.conn)
    this.conn = null
    this.toServer.length = 0
    this.toClient.length = 0
  }

  /** Sends queued frames to the room, in order (or as the test rearranged them). */
  flushToServer(): void {
    while (this.toServer.length > 0 && this.conn && this.room) {
      this.room.handleMessage(this.conn, this.toServer.shift()!)
    }
  }

  /** Applies queued frames from the room, answering sync step 1 like y-websocket does. */
  flushToClient(): void {
    while (this.toClient.length > 0) this.receive(this.toClient.shift()!)
  }

  private receive(frame: Uint8Array): void {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    switch (type) {
      case MESSAGE.SYNC: {
        const encoder = encoding.createEncoder()
        encoding.writeVarUint(encoder, MESSAGE.SYNC)
        syncProtocol.readSyncMessage(decoder, encoder, this.doc, this)
        if (encoding.length(encoder) > 1 && this.conn) this.toServer.push(encoding.toUint8Array(encoder))
        break
      }
      case MESSAGE.AWARENESS:
        awarenessProtocol.applyAwarenessUpdate(this.awareness, decoding.readVarUint8Array(decoder), this)
        break
      case MESSAGE.COMMITTED:
        this.committed = readCommitted(decoder)
        break
      case MESSAGE.REFUSED:
        this.refusals.push(readRefused(decoder))
        break
      default:
        throw new Error(`test client got unknown message type ${type}`)
    }
  }

  destroy(): void {
    this.disconnect()
    this.awareness.destroy()
    this.doc.destroy()
  }
}
