/**
 * The break-in kit for the tests in this folder: HTTP calls with any cookie, token or Origin; raw
 * socket upgrades that report a refusal instead of throwing; a raw protocol peer that sends exactly
 * the bytes a test forges; stock and Tandem `WebsocketProvider` clients signed in as a test user;
 * what storage holds (the actor of every stored update); and a server whose log a test can read.
 */
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import * as decoding from 'lib0/decoding'
import { WebSocket, WebSocketServer } from 'ws'
import * as awarenessProtocol from 'y-protocols/awareness'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { writeFields } from '../../shared/doc/record-doc'
import { readCatchUpResponse, writeCatchUpRequest, type CatchUpRequestDoc, type CatchUpResponseDoc } from '../../shared/protocol/catch-up'
import { MESSAGE, SYNC } from '../../shared/protocol/messages'
import { readRefused, type Refusal } from '../../shared/protocol/refused'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../shared/protocol/version'
import { createApp } from '../app'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import { memoryStorage, type TestServer } from '../testing/test-server'
import type { TestUser } from '../testing/test-users'

export const FOREIGN_ORIGIN = 'https://evil.example'

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** Polls until true, or fails naming what never happened (no timing assertions). */
export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`)
    await sleep(10)
  }
}

// ── HTTP ─────────────────────────────────────────────────────────────────────────────────────

export interface CallOptions {
  cookie?: string
  bearer?: string
  origin?: string
  headers?: Record<string, string>
  json?: unknown
  bytes?: Uint8Array
}

export interface Answer {
  status: number
  headers: Headers
  /** The body as bytes and as text, so a test can look for a document's bytes in either. */
  bytes: Uint8Array
  text: string
  json: any
}

export async function call(baseUrl: string, method: string, path: string, options: CallOptions = {}): Promise<Answer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.cookie) headers.cookie = options.cookie
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
  if (options.origin) headers.origin = options.origin
  let body: BodyInit | undefined
  if (options.json !== undefined) {
    headers['content-type'] = 'application/json'
    body = JSON.stringify(options.json)
  } else if (options.bytes) {
    headers['content-type'] = 'application/octet-stream'
    body = options.bytes as Uint8Array<ArrayBuffer>
  }
  const response = await fetch(`${baseUrl}${path}`, { method, headers, body, redirect: 'manual' })
  const bytes = new Uint8Array(await response.arrayBuffer())
  const text = new TextDecoder().decode(bytes)
  let json: unknown = null
  try { json = JSON.parse(text) } catch { /* not JSON */ }
  return { status: response.status, headers: response.headers, bytes, text, json }
}

/** What two answers share when they must not tell two cases apart: status, type and body. */
export function comparable(answer: Answer): { status: number; contentType: string | null; text: string } {
  return { status: answer.status, contentType: answer.headers.get('content-type'), text: answer.text }
}

export async function catchUp(baseUrl: string, workspaceId: string, docs: CatchUpRequestDoc[], auth: CallOptions): Promise<{ answer: Answer; docs: CatchUpResponseDoc[] | null }> {
  const answer = await call(baseUrl, 'POST', `/api/sync/${workspaceId}/catch-up`, { ...auth, bytes: writeCatchUpRequest(docs) })
  return { answer, docs: answer.status === 200 ? readCatchUpResponse(answer.bytes) : null }
}

/** True when `needle` occurs in `haystack` (a document's secret bytes in an answer). */
export function containsBytes(haystack: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer
    return true
  }
  return false
}

// ── sockets ──────────────────────────────────────────────────────────────────────────────────

export type Upgrade =
  | { opened: true; socket: RawSocket }
  | { opened: false; status: number; headers: Record<string, string>; body: string }

/** Opens a WebSocket; a refused upgrade resolves with its HTTP answer instead of throwing. */
export function upgrade(url: string, headers: Record<string, string> = {}): Promise<Upgrade> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers })
    ws.binaryType = 'nodebuffer'
    const socket = new RawSocket(ws)
    ws.once('open', () => resolve({ opened: true, socket }))
    ws.once('unexpected-response', (request, response) => {
      const chunks: Buffer[] = []
      response.on('data', (chunk: Buffer) => chunks.push(chunk))
      response.on('end', () => {
        const { date: _date, ...rest } = response.headers as Record<string, string>
        resolve({ opened: false, status: response.statusCode ?? 0, headers: rest, body: Buffer.concat(chunks).toString('utf8') })
      })
      request.destroy()
    })
    ws.once('error', (error) => reject(error))
  })
}

/** Upgrades and fails the test unless the socket opened. */
export async function openSocket(url: string, headers: Record<string, string> = {}): Promise<RawSocket> {
  const result = await upgrade(url, headers)
  if (!result.opened) throw new Error(`expected ${url} to open, got HTTP ${result.status} ${result.body}`)
  return result.socket
}

/**
 * A raw protocol peer: records every frame and the close, sends whatever bytes a test built.
 * It never answers anything by itself.
 */
export class RawSocket {
  readonly frames: Uint8Array[] = []
  close: { code: number; reason: string } | null = null
  readonly closed: Promise<{ code: number; reason: string }>

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => this.frames.push(new Uint8Array(data)))
    ws.on('error', () => {})
    this.closed = new Promise((resolve) => ws.once('close', (code, reason) => {
      this.close = { code, reason: reason.toString() }
      resolve(this.close)
    }))
  }

  send(frame: Uint8Array): void {
    this.ws.send(frame)
  }

  /** Every sync payload (step 2 and updates) applied to a fresh document: what the server sent. */
  docSeen(): Y.Doc {
    const doc = new Y.Doc()
    for (const frame of this.frames) {
      const decoder = decoding.createDecoder(frame)
      if (decoding.readVarUint(decoder) !== MESSAGE.SYNC) continue
      const syncType = decoding.readVarUint(decoder)
      if (syncType === SYNC.STEP2 || syncType === SYNC.UPDATE) Y.applyUpdate(doc, decoding.readVarUint8Array(decoder))
    }
    return doc
  }

  refusals(): Refusal[] {
    return this.framesOf(MESSAGE.REFUSED).map((decoder) => readRefused(decoder))
  }

  /** Presence as the server relays it to this socket. */
  awareness(): Map<number, Record<string, any>> {
    const awareness = new awarenessProtocol.Awareness(new Y.Doc())
    awareness.setLocalState(null)
    for (const decoder of this.framesOf(MESSAGE.AWARENESS)) awarenessProtocol.applyAwarenessUpdate(awareness, decoding.readVarUint8Array(decoder), 'server')
    return awareness.getStates() as Map<number, Record<string, any>>
  }

  types(): number[] {
    return this.frames.map((frame) => decoding.readVarUint(decoding.createDecoder(frame)))
  }

  private framesOf(type: number): decoding.Decoder[] {
    return this.frames.map((frame) => decoding.createDecoder(frame)).filter((decoder) => decoding.readVarUint(decoder) === type)
  }

  end(): void {
    this.ws.terminate()
  }
}

export const tandemQuery = `?${PROTOCOL_PARAM}=${PROTOCOL_VERSION}`

// ── stock and Tandem clients ─────────────────────────────────────────────────────────────────

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  closes: Array<{ code: number; reason: string }>
  refusals: Refusal[]
  whenSynced(): Promise<void>
  destroy(): void
}

/** A `WebsocketProvider` signed in as `user`; with `tandem`, it opts in to the extension messages. */
export function client(wsUrl: string, docName: string, user: TestUser, options: { tandem?: boolean; clientId?: number; connect?: boolean } = {}): Client {
  const doc = new Y.Doc()
  if (options.clientId !== undefined) doc.clientID = options.clientId
  const provider = new WebsocketProvider(`${wsUrl}/sync`, docName, doc, {
    WebSocketPolyfill: user.WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: options.tandem ? { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) } : {},
    connect: options.connect ?? true,
    maxBackoffTime: 300,
  })
  const closes: Client['closes'] = []
  const refusals: Refusal[] = []
  provider.on('connection-close', (event) => { if (event) closes.push({ code: event.code, reason: event.reason }) })
  provider.messageHandlers[MESSAGE.REFUSED] = (_encoder, decoder: decoding.Decoder) => { refusals.push(readRefused(decoder)) }
  provider.messageHandlers[MESSAGE.COMMITTED] = (_encoder, decoder: decoding.Decoder) => { decoding.readVarUint8Array(decoder) }
  return {
    doc, provider, closes, refusals,
    whenSynced: () => waitFor(() => provider.synced, `${docName} to sync`),
    destroy() {
      provider.destroy()
      provider.awareness.destroy()
      doc.destroy()
    },
  }
}

// ── documents and storage ────────────────────────────────────────────────────────────────────

/** An update that sets fields, made by a fresh document (optionally with a given client id). */
export function fieldsUpdate(fields: Record<string, string | number | boolean | null>, clientId?: number): Uint8Array {
  const doc = new Y.Doc()
  if (clientId !== undefined) doc.clientID = clientId
  writeFields(doc, fields)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}

/** Stores a document directly, as the server (no room is loaded). */
export async function storeDoc(services: Services, docName: string, fields: Record<string, string>): Promise<void> {
  await services.storage.store.appendUpdates([{ doc: docName, update: fieldsUpdate(fields), actor: 'server', clientId: null }])
}

export async function storedActors(services: Services, docName: string): Promise<string[]> {
  await services.rooms.idle()
  await services.log.drain()
  await services.storage.store.flush() // committed in the journal; the log table gets it behind
  const rows = await services.storage.db.query<{ actor: string }>('select actor from doc_updates where doc = $1 order by id', [docName])
  return rows.map((row) => row.actor)
}

/**
 * The stored updates of a document with their actors and the field values each one writes, read
 * from its structs (an update applied on its own may wait on earlier clocks of its client).
 */
export async function storedUpdates(services: Services, docName: string): Promise<Array<{ actor: string; fields: Record<string, unknown> }>> {
  await services.rooms.idle()
  await services.log.drain()
  await services.storage.store.flush()
  const rows = await services.storage.db.query<{ actor: string; update: Uint8Array }>('select actor, update from doc_updates where doc = $1 order by id', [docName])
  return rows.map((row) => {
    const fields: Record<string, unknown> = {}
    for (const struct of Y.decodeUpdate(row.update).structs) {
      if (struct instanceof Y.Item && struct.parentSub !== null && struct.content instanceof Y.ContentAny) fields[struct.parentSub] = struct.content.arr[0]
    }
    return { actor: row.actor, fields }
  })
}

// ── a server whose log the test reads ────────────────────────────────────────────────────────

/** A test server like `startTestServer`, logging at debug level into `lines`. */
export async function startServerWithLog(lines: string[]): Promise<TestServer> {
  const services = createServices({ storage: await memoryStorage(), logger: createLogger('debug', (line) => lines.push(line)), unloadAfterMs: 50 })
  const app = createApp(services)
  const wss = new WebSocketServer({ noServer: true })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', websocket: { server: wss } }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}`, port, services,
    async close() {
      for (const socket of wss.clients) socket.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.close()
    },
  }
}
