/**
 * An honest person editing one record through the stock `WebsocketProvider` (signed in, opted in
 * to `committed`), at a human pace: each tick sets one of its own account fields (the shipping
 * address, which the captured and fuzzed frames never write) to a new value, or types a word into
 * the description, and moves its cursor. It remembers every edit, so a test can later ask whether
 * the server and a fresh reader hold all of them (each field's latest value, every word), and every
 * close or disconnect it ever saw.
 */
import * as decoding from 'lib0/decoding'
import * as prng from 'lib0/prng'
import type { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { insertText, readFields, readText, writeFields } from '../../shared/doc/record-doc'
import { isCommitted, readCommittedSnapshot, updateFootprint, type CommittedState, type UpdateFootprint } from '../../shared/doc/sync-state'
import { readCommitted } from '../../shared/protocol/committed'
import { MESSAGE } from '../../shared/protocol/messages'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../shared/protocol/version'
import { waitFor } from './wait'

/** The account's long text, where the words go. */
export const DESCRIPTION = 'description'
/** Account fields only the honest editor writes; any value of up to 80 characters is valid. */
export const HONEST_FIELDS = ['shippingStreet', 'shippingCity', 'shippingState', 'shippingCountry'] as const

export interface HonestEdit {
  kind: 'field' | 'text'
  /** Field edits: a field only this editor writes, and its new, unique value. Text edits: a unique word. */
  key: string
  value: string | number
}

/** Opens a provider on `docName` as whoever `SignedInWebSocket` signs in as. */
export function openProvider(wsUrl: string, docName: string, SignedInWebSocket: typeof WebSocket, doc = new Y.Doc()): WebsocketProvider {
  const provider = new WebsocketProvider(`${wsUrl}/sync`, docName, doc, {
    WebSocketPolyfill: SignedInWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) },
    maxBackoffTime: 500,
  })
  // Opted in to the extension messages, it must handle them (y-websocket logs unknown types).
  provider.messageHandlers[MESSAGE.COMMITTED] = () => {}
  provider.messageHandlers[MESSAGE.REFUSED] = () => {}
  return provider
}

export class HonestEditor {
  readonly doc = new Y.Doc()
  readonly provider: WebsocketProvider
  readonly edits: HonestEdit[] = []
  /** Every connection close the provider saw: the server's (code, reason) or its own watchdog's. */
  readonly closes: Array<{ code: number; reason: string } | 'local'> = []
  committed: CommittedState | null = null
  private readonly footprints: UpdateFootprint[] = []
  private timer: ReturnType<typeof setInterval> | null = null
  private n = 0

  constructor(wsUrl: string, readonly docName: string, SignedInWebSocket: typeof WebSocket, private readonly gen: prng.PRNG, readonly tag = 'honest') {
    this.provider = openProvider(wsUrl, docName, SignedInWebSocket, this.doc)
    this.provider.messageHandlers[MESSAGE.COMMITTED] = (_encoder, decoder: decoding.Decoder) => {
      this.committed = readCommittedSnapshot(readCommitted(decoder))
    }
    this.provider.on('connection-close', (event) => {
      this.closes.push(event ? { code: event.code, reason: event.reason } : 'local')
    })
    this.doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin !== this.provider) this.footprints.push(updateFootprint(update))
    })
  }

  whenSynced(timeoutMs = 30_000): Promise<void> {
    return waitFor(() => this.provider.synced, `${this.tag} to sync ${this.docName}`, { timeoutMs })
  }

  start(intervalMs: number): void {
    this.timer ??= setInterval(() => this.editOnce(), intervalMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  editOnce(): void {
    const n = ++this.n
    if (prng.bool(this.gen)) {
      const key = HONEST_FIELDS[prng.int32(this.gen, 0, HONEST_FIELDS.length - 1)]!
      const value = `${this.tag} ${n}`
      writeFields(this.doc, { [key]: value })
      this.edits.push({ kind: 'field', key, value })
      this.provider.awareness.setLocalStateField('field', key)
    } else {
      const word = `<${this.tag}.${n}>`
      // At either end, never inside an earlier word, so every word stays whole.
      const text = readText(this.doc, DESCRIPTION)
      insertText(this.doc, DESCRIPTION, prng.bool(this.gen) ? 0 : text.length, word)
      this.edits.push({ kind: 'text', key: word, value: word })
      this.provider.awareness.setLocalStateField('cursor', { root: DESCRIPTION, index: text.length })
    }
  }

  /** True when the server's latest `committed` covers every local edit. */
  allCommitted(): boolean {
    const committed = this.committed
    return committed !== null && this.footprints.every((f) => isCommitted(f, committed))
  }

  /** What is not yet committed, for a failure message. */
  describeWaiting(): string {
    const committed = this.committed
    const waiting = committed ? this.footprints.filter((f) => !isCommitted(f, committed)) : this.footprints
    return `${waiting.length} of ${this.footprints.length} local updates not committed, connected ${this.provider.wsconnected}, ` +
      `first waiting ${JSON.stringify(waiting[0])}, committed clock of this client ${committed?.stateVector.get(this.doc.clientID)}`
  }

  destroy(): void {
    this.stop()
    this.provider.destroy()
    this.doc.destroy()
  }
}

/**
 * The edits a document does not show: a field without the latest value this editor gave it (an
 * earlier value it overwrote itself is not missing), a word not in the description.
 */
export function missingEdits(doc: Y.Doc, edits: readonly HonestEdit[]): HonestEdit[] {
  const fields = readFields(doc)
  const text = readText(doc, DESCRIPTION)
  const latest = new Map<string, HonestEdit>()
  for (const e of edits) if (e.kind === 'field') latest.set(e.key, e)
  return edits.filter((e) => (e.kind === 'field' ? latest.get(e.key) === e && fields[e.key] !== e.value : !text.includes(e.key)))
}
