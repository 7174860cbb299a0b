/**
 * The benchmark's client: one Y.Doc on one socket, speaking y-protocols sync (step 1, step 2,
 * update) through a dialect's framing. It stands in for a stock Yjs client, and it is the same
 * code for every server, so the client side costs the same whichever server is measured. It
 * does no awareness (none of the figures depend on it).
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as syncProtocol from 'y-protocols/sync'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { MESSAGE_SYNC, type Dialect } from './dialects'

/** The origin of updates that came from the server. */
export const REMOTE = Symbol('remote')

export class SyncClient {
  readonly doc = new Y.Doc({ gc: true })
  readonly synced: Promise<void>
  private readonly ws: WebSocket
  errors = 0
  closed = false
  /** Frames received, of any kind, so a round can say how many a server sends per edit. */
  framesReceived = 0

  constructor(base: string, readonly docName: string, dialect: Dialect, headers: Record<string, string> = {}) {
    this.ws = new WebSocket(dialect.url(base, docName), { perMessageDeflate: false, headers })
    this.ws.binaryType = 'nodebuffer'
    let markSynced = () => {}
    let failSync = (_error: Error) => {}
    this.synced = new Promise<void>((resolve, reject) => { markSynced = resolve; failSync = reject })
    this.synced.catch(() => {}) // whoever awaits `synced` sees the failure; nobody else must crash on it
    this.ws.on('open', () => {
      for (const frame of dialect.hello(docName)) this.ws.send(frame)
      const encoder = dialect.begin(docName)
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.writeSyncStep1(encoder, this.doc)
      this.ws.send(encoding.toUint8Array(encoder))
    })
    this.ws.on('message', (data: Buffer) => {
      this.framesReceived++
      const decoder = decoding.createDecoder(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      if (dialect.readType(decoder, docName) !== MESSAGE_SYNC) return
      const reply = dialect.begin(docName)
      encoding.writeVarUint(reply, MESSAGE_SYNC)
      const start = encoding.length(reply)
      const syncType = syncProtocol.readSyncMessage(decoder, reply, this.doc, REMOTE)
      if (encoding.length(reply) > start) this.send(encoding.toUint8Array(reply))
      if (syncType === syncProtocol.messageYjsSyncStep2) markSynced()
    })
    this.ws.on('error', () => { this.errors++ })
    this.ws.on('close', () => {
      this.closed = true
      failSync(new Error(`socket for ${docName} closed before it synced`))
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === REMOTE) return
      const encoder = dialect.begin(docName)
      encoding.writeVarUint(encoder, MESSAGE_SYNC)
      syncProtocol.writeUpdate(encoder, update)
      this.send(encoding.toUint8Array(encoder))
    })
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve()
    const closed = new Promise<void>((resolve) => this.ws.once('close', () => resolve()))
    this.ws.close()
    this.doc.destroy()
    return closed
  }

  private send(frame: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(frame)
  }
}
