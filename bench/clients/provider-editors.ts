/**
 * People editing records for the boundary part: the stock `WebsocketProvider` (as the app and any
 * Yjs app run it, presence included), each signed in as its own person by a session cookie. An
 * edit sets the client's own field to `seq|sentAt` and moves its cursor, so every edit is two
 * messages (an update and an awareness update), as typing in a record is; the stock provider also
 * sends back the presence it receives, and that goes through the boundary too. Every other client
 * of the record records the time from the edit to its observation.
 */
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { FIELDS_ROOT, writeFields } from '../../shared/doc/record-doc'
import { webSocketWithHeaders } from '../../server/testing/test-users'
import { withTimeout } from '../timing'
import { editFieldOf, editValue, isEditField, sentAtOf } from './edit-fields'

const SYNC_TIMEOUT_MS = 60_000

export class ProviderEditors {
  readonly latencies: number[] = []
  /** Edits made inside the measured window. */
  editsInWindow = 0
  private windowStart = Number.POSITIVE_INFINITY
  private windowEnd = Number.POSITIVE_INFINITY
  private readonly timers: Array<ReturnType<typeof setTimeout>> = []

  private constructor(private readonly providers: WebsocketProvider[], private readonly perDoc: number) {
    for (const provider of providers) this.observe(provider)
  }

  /** `perDoc` people on each record, person i of a record signed in with `cookies[i]`. */
  static async open(wsUrl: string, docNames: string[], perDoc: number, cookies: string[]): Promise<ProviderEditors> {
    if (cookies.length < perDoc) throw new Error(`${perDoc} people per record need ${perDoc} sessions, got ${cookies.length}`)
    const classes = cookies.map((cookie) => webSocketWithHeaders({ cookie }))
    const providers = docNames.flatMap((name) => Array.from({ length: perDoc }, (_, i) => new WebsocketProvider(`${wsUrl}/sync`, name, new Y.Doc(), {
      WebSocketPolyfill: classes[i] as unknown as typeof globalThis.WebSocket, disableBc: true,
    })))
    const editors = new ProviderEditors(providers, perDoc)
    try {
      await withTimeout(Promise.all(providers.map((p) => p.synced ? Promise.resolve() : new Promise<void>((resolve) => p.once('sync', () => resolve())))),
        SYNC_TIMEOUT_MS, `editors did not sync within ${SYNC_TIMEOUT_MS} ms`)
    } catch (error) {
      editors.close()
      throw error
    }
    return editors
  }

  get clients(): number {
    return this.providers.length
  }

  /** Each client edits `perSecond` times a second, starting at a random phase. */
  start(perSecond: number): void {
    const periodMs = 1000 / perSecond
    this.providers.forEach((provider, index) => {
      const key = editFieldOf(index, this.perDoc)
      let seq = 0
      const edit = () => {
        const sentAt = performance.now()
        if (sentAt >= this.windowStart && sentAt < this.windowEnd) this.editsInWindow++
        writeFields(provider.doc, { [key]: editValue(++seq, sentAt) })
        provider.awareness.setLocalStateField('cursor', { field: key, at: seq % 40 })
      }
      this.timers.push(setTimeout(() => this.timers.push(setInterval(edit, periodMs)), Math.random() * periodMs))
    })
  }

  beginWindow(): void {
    this.windowStart = performance.now()
  }

  endWindow(): void {
    this.windowEnd = performance.now()
  }

  stop(): void {
    for (const timer of this.timers) clearInterval(timer)
  }

  /** Observations expected for the window's edits: every other client of the record sees each. */
  get expected(): number {
    return this.editsInWindow * (this.perDoc - 1)
  }

  close(): void {
    this.stop()
    for (const provider of this.providers) {
      provider.destroy()
      provider.doc.destroy()
    }
  }

  private observe(provider: WebsocketProvider): void {
    const fields = provider.doc.getMap<unknown>(FIELDS_ROOT)
    fields.observe((event) => {
      if (event.transaction.origin !== provider) return
      const seenAt = performance.now()
      for (const key of event.keysChanged) {
        if (!isEditField(key)) continue
        const value = fields.get(key)
        if (typeof value !== 'string') continue
        const sentAt = sentAtOf(value)
        if (sentAt >= this.windowStart && sentAt < this.windowEnd) this.latencies.push(seenAt - sentAt)
      }
    })
  }
}
