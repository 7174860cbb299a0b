/**
 * Test-only helpers for the sync layer's integration tests: clients in Node (fake-indexeddb is
 * loaded by each test file, `ws` as the WebSocket), a window-like target to fire `online` on, and
 * waiting for a condition with a readable timeout.
 */
import { WebSocket as NodeWebSocket } from 'ws'
import type * as Y from 'yjs'
import { createRecordDoc } from '../../../shared/doc/record-doc'
import { applyUpdate } from '../../../shared/doc/sync-state'
import { uuidv7 } from '../../../shared/ids'
import type { WebSocketClass } from '../doc-session'
import { makeSyncClient, type SyncClient, type SyncClientOptions } from '../sync-client'

export const NodeWS = NodeWebSocket as unknown as WebSocketClass

export interface TestClient {
  client: SyncClient
  window: EventTarget
  /** Every catch-up request this client sent, by the documents it named. */
  catchUps: string[][]
}

export function testClient(serverUrl: string, namespace: string, options: Partial<SyncClientOptions> = {}): TestClient {
  const window = new EventTarget()
  const catchUps: string[][] = []
  const countingFetch: typeof fetch = async (input, init) => {
    if (String(input).endsWith('/catch-up')) catchUps.push(namesIn(init?.body))
    return fetch(input, init)
  }
  const client = makeSyncClient({
    serverUrl, workspaceId: 'demo', namespace, WebSocket: NodeWS, fetch: countingFetch, window, maxBackoffTime: 200, ...options,
  })
  return { client, window, catchUps }
}

/** The document names in a catch-up request body (their text is plain UTF-8 in the bytes). */
function namesIn(body: unknown): string[] {
  const text = new TextDecoder().decode(body as Uint8Array)
  return [...text.matchAll(/demo\/[a-z-]+\/[0-9a-f-]{36}/g)].map((m) => m[0])
}

export const newDocName = (type = 'contact') => `demo/${type}/${uuidv7()}`
export const newNamespace = () => `user-${uuidv7()}`

export async function waitFor(what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

/** The server's stored state of a document, loaded the way a room loads it. */
export async function storedDoc(store: { loadDocument(name: string): Promise<{ snapshot: Uint8Array | null; updates: Uint8Array[] }> }, name: string): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument(name)
  const doc = createRecordDoc()
  if (snapshot) applyUpdate(doc, snapshot)
  for (const update of updates) applyUpdate(doc, update)
  return doc
}
