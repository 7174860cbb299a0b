/**
 * Test-only helpers for the sync layer's integration tests: clients in Node (fake-indexeddb is
 * loaded by each test file) signed in as a test user — their `ws` WebSocket and their fetch send
 * the user's session cookie, as a browser would — a window-like target to fire `online` on, and
 * waiting for a condition with a readable timeout.
 */
import type * as Y from 'yjs'
import { createRecordDoc } from '../../../shared/doc/record-doc'
import { applyUpdate } from '../../../shared/doc/sync-state'
import { uuidv7 } from '../../../shared/ids'
import type { TestUser } from '../../../server/testing/test-users'
import type { WebSocketClass } from '../doc-session'
import { makeSyncClient, type SyncClient, type SyncClientOptions } from '../sync-client'

/** Whom a client is signed in as: a session cookie and a `ws` class that sends it. */
export type SignedIn = Pick<TestUser, 'cookie' | 'WebSocket'>

export interface TestClient {
  client: SyncClient
  window: EventTarget
  /** Every catch-up request this client sent, by the documents it named. */
  catchUps: string[][]
}

export function testClient(serverUrl: string, as: SignedIn, namespace: string, options: Partial<SyncClientOptions> = {}): TestClient {
  const window = new EventTarget()
  const catchUps: string[][] = []
  // A browser sends the cookie with same-origin requests; Node's fetch needs it set.
  const signedInFetch: typeof fetch = async (input, init) => {
    if (String(input).endsWith('/catch-up')) catchUps.push(namesIn(init?.body))
    const headers = new Headers(init?.headers)
    headers.set('cookie', as.cookie)
    return fetch(input, { ...init, headers })
  }
  const client = makeSyncClient({
    serverUrl, workspaceId: 'demo', namespace, WebSocket: as.WebSocket as unknown as WebSocketClass, fetch: signedInFetch, window, maxBackoffTime: 200, ...options,
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

/** Opens a document, edits it once the server's state is in, waits until the server committed the edit, and closes it. */
export async function editAndClose(c: TestClient, name: string, edit: (doc: Y.Doc) => void): Promise<void> {
  const session = await c.client.openDocument(name)
  await session.whenSynced() // edit what the server has, not concurrently with it
  edit(session.doc)
  await waitFor(`the edit of ${name} is committed`, () => session.waiting.get() === 0)
  await session.close()
}

/** The server's stored state of a document, loaded the way a room loads it. */
export async function storedDoc(store: { loadDocument(name: string): Promise<{ snapshot: Uint8Array | null; updates: Uint8Array[] }> }, name: string): Promise<Y.Doc> {
  const { snapshot, updates } = await store.loadDocument(name)
  const doc = createRecordDoc()
  if (snapshot) applyUpdate(doc, snapshot)
  for (const update of updates) applyUpdate(doc, update)
  return doc
}
