/**
 * One hostile socket flooding a record with valid updates (each a new value of the account's
 * industry, a change the schema check accepts and storage must keep), as fast as its socket drains, until the server closes it; then, when told to
 * reconnect, again on a new socket, until stopped. With the rate limit on, the server closes each
 * socket (4429) once its burst is spent; with it off, one socket floods for the whole window.
 */
import WebSocket from 'ws'
import * as Y from 'yjs'
import { writeFields } from '../../shared/doc/record-doc'
import { writeSyncUpdate } from '../../shared/protocol/messages'

/** Updates written before waiting for the socket to drain. */
const BATCH = 250
const HIGH_WATER_BYTES = 256 * 1024

export interface FloodTally {
  /** How long it flooded. */
  seconds: number
  sockets: number
  updatesSent: number
  closes: Record<string, number>
}

export class FloodSocket {
  readonly tally: FloodTally = { seconds: 0, sockets: 0, updatesSent: 0, closes: {} }
  private startedAt = 0
  private running = false
  private done: Promise<void> = Promise.resolve()

  /** `maxUpdates`: stop after this many (the unlimited flood must end for the run to go on). */
  constructor(private readonly url: string, private readonly cookie: string,
    private readonly options: { reconnect: boolean; maxUpdates?: number }) {}

  private get maxUpdates(): number {
    return this.options.maxUpdates ?? Number.POSITIVE_INFINITY
  }

  start(): void {
    this.startedAt = performance.now()
    this.running = true
    this.done = this.loop()
  }

  async stop(): Promise<void> {
    if (!this.running) return
    this.running = false
    await this.done
    this.tally.seconds = (performance.now() - this.startedAt) / 1000
  }

  private async loop(): Promise<void> {
    do await this.floodOnce()
    while (this.options.reconnect && this.running && this.tally.updatesSent < this.maxUpdates)
  }

  private async floodOnce(): Promise<void> {
    const ws = new WebSocket(this.url, { perMessageDeflate: false, headers: { cookie: this.cookie } })
    ws.on('error', () => { /* the close says what happened */ })
    let closed = false
    const closing = new Promise<void>((resolve) => ws.once('close', (code) => {
      closed = true
      this.tally.closes[code] = (this.tally.closes[code] ?? 0) + 1
      resolve()
    }))
    const opened = await Promise.race([new Promise<boolean>((resolve) => ws.once('open', () => resolve(true))), closing.then(() => false)])
    if (!opened) return
    this.tally.sockets++
    const doc = new Y.Doc()
    const frames: Uint8Array[] = []
    doc.on('update', (update: Uint8Array) => frames.push(writeSyncUpdate(update)))
    let n = 0
    while (this.running && !closed && this.tally.updatesSent < this.maxUpdates) {
      for (let i = 0; i < BATCH; i++) writeFields(doc, { industry: `flood ${n++}` })
      for (const frame of frames.splice(0)) {
        if (closed || this.tally.updatesSent >= this.maxUpdates) break
        ws.send(frame)
        this.tally.updatesSent++
      }
      while (this.running && !closed && ws.bufferedAmount > HIGH_WATER_BYTES) await new Promise((r) => setTimeout(r, 1))
      await new Promise((r) => setImmediate(r))
    }
    doc.destroy()
    if (!closed) ws.close(1000)
    await closing
  }
}
