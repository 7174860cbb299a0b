/**
 * Sync clients for tests, all the stock `y-websocket` `WebsocketProvider` over `ws`, each signed in
 * as someone (its `ws` class sends their session cookie):
 *
 * - `stockClient`: exactly what any Yjs app would run (no `tandem` parameter).
 * - `tandemClient`: opts in to the extension messages (`tandem=<version>`) and records every
 *   `committed` snapshot (message 100) it receives, plus every local update it made, so a test
 *   can tell which local edits the server has reported durable.
 *
 * BroadcastChannel is off: Node has one, and two providers of one document in one process would
 * otherwise sync through it and never through the server.
 */
import * as decoding from 'lib0/decoding'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import type { TestUser } from '../../server/testing/test-users'
import { isCommitted, readCommittedSnapshot, updateFootprint, type CommittedState, type UpdateFootprint } from '../../shared/doc/sync-state'
import { readCommitted } from '../../shared/protocol/committed'
import { MESSAGE } from '../../shared/protocol/messages'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../shared/protocol/version'
import { waitFor } from './wait'

export interface SyncClient {
  readonly doc: Y.Doc
  readonly provider: WebsocketProvider
  /** Close events the server sent this client (code and reason). */
  readonly closes: Array<{ code: number; reason: string }>
  /** Outer message types received, in order of first arrival. */
  readonly messageTypes: Set<number>
  whenSynced(timeoutMs?: number): Promise<void>
  destroy(): void
}

export interface TandemClient extends SyncClient {
  /** Every local update this client made, with what it writes. */
  readonly localUpdates: Array<{ update: Uint8Array; footprint: UpdateFootprint }>
  /** The latest `committed` snapshot received, decoded. */
  committed: CommittedState | null
  committedCount: number
  /** The local updates the latest `committed` snapshot covers. */
  committedUpdates(): Array<{ update: Uint8Array; footprint: UpdateFootprint }>
  /** True when the server has reported every local update durable. */
  allCommitted(): boolean
}

/** Whom a client is signed in as: a test user, or a person signed in over HTTP (support/accounts). */
export type SignedIn = Pick<TestUser, 'cookie' | 'WebSocket'>

export interface ClientOptions {
  clientId?: number
  connect?: boolean
}

/** `baseUrl` is the server's ws:// origin; documents live under `/sync/<docName>`. */
export function stockClient(baseUrl: string, as: SignedIn, docName: string, options: ClientOptions = {}): SyncClient {
  return makeClient(baseUrl, as, docName, {}, options)
}

export function tandemClient(baseUrl: string, as: SignedIn, docName: string, options: ClientOptions = {}): TandemClient {
  const client = makeClient(baseUrl, as, docName, { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) }, options)
  const localUpdates: TandemClient['localUpdates'] = []
  client.doc.on('update', (update: Uint8Array, origin: unknown) => {
    if (origin !== client.provider) localUpdates.push({ update, footprint: updateFootprint(update) })
  })
  const tandem: TandemClient = Object.assign(client, {
    localUpdates,
    committed: null as CommittedState | null,
    committedCount: 0,
    committedUpdates() {
      const committed = tandem.committed
      return committed ? localUpdates.filter((u) => isCommitted(u.footprint, committed)) : []
    },
    allCommitted() {
      const committed = tandem.committed
      return committed !== null && localUpdates.every((u) => isCommitted(u.footprint, committed))
    },
  })
  client.provider.messageHandlers[MESSAGE.COMMITTED] = (_encoder, decoder: decoding.Decoder) => {
    tandem.committed = readCommittedSnapshot(readCommitted(decoder))
    tandem.committedCount++
  }
  return tandem
}

function makeClient(baseUrl: string, as: SignedIn, docName: string, params: Record<string, string>, options: ClientOptions): SyncClient {
  const doc = new Y.Doc()
  if (options.clientId !== undefined) doc.clientID = options.clientId
  const provider = new WebsocketProvider(`${baseUrl}/sync`, docName, doc, {
    WebSocketPolyfill: as.WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params,
    connect: options.connect ?? true,
    maxBackoffTime: 500,
  })
  const closes: SyncClient['closes'] = []
  const messageTypes = new Set<number>()
  provider.on('connection-close', (event) => {
    if (event) closes.push({ code: event.code, reason: event.reason })
  })
  provider.on('status', ({ status }) => {
    // 'connected' is emitted in onopen, before the first message can arrive.
    if (status !== 'connected' || !provider.ws) return
    provider.ws.addEventListener('message', (event: MessageEvent) => {
      const bytes = new Uint8Array(event.data as ArrayBuffer)
      if (bytes.length > 0) messageTypes.add(decoding.readVarUint(decoding.createDecoder(bytes)))
    })
  })
  return {
    doc,
    provider,
    closes,
    messageTypes,
    whenSynced: (timeoutMs = 30_000) => waitFor(() => provider.synced, `${docName} to sync`, { timeoutMs }),
    destroy() {
      provider.destroy()
      provider.awareness.destroy()
      doc.destroy()
    },
  }
}
