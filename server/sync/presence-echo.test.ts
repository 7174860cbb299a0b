/**
 * The stock y-websocket provider sends every awareness change back to the server, other people's
 * states and removals included. Found by the fuzz run (e2e/fuzz.test.ts, seed 1): the honest
 * editor was closed with 4417 as soon as a second connection published presence.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { uuidv7 } from '../../shared/ids'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'

let server: TestServer
let people: TestUser[]

beforeAll(async () => {
  server = await startTestServer()
  people = []
  for (let i = 0; i < 6; i++) people.push(await createTestUser(server.services, { name: `Person ${i}` }))
})

afterAll(async () => {
  await server?.close()
})

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 20_000
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

test('six people with presence on one record, coming and going, all stay connected and see each other', async () => {
  const docName = `demo/account/${uuidv7()}`
  const closes: Array<{ person: number; code: number; reason: string }> = []
  const open = (person: number) => {
    const provider = new WebsocketProvider(`${server.wsUrl}/sync`, docName, new Y.Doc(), {
      WebSocketPolyfill: people[person]!.WebSocket as unknown as typeof globalThis.WebSocket, disableBc: true,
    })
    provider.on('connection-close', (event) => { if (event) closes.push({ person, code: event.code, reason: event.reason }) })
    provider.awareness.setLocalStateField('cursor', { field: `field-${person}` })
    return provider
  }
  const providers = people.map((_, i) => open(i))
  try {
    await until(() => providers.every((p) => p.awareness.getStates().size === 6), 'everyone to see six people')
    // One leaves and comes back: the others echo the removal and the new state.
    providers[0]!.destroy()
    await until(() => providers.slice(1).every((p) => p.awareness.getStates().size === 5), 'the others to see five')
    providers[0] = open(0)
    await until(() => providers.every((p) => p.awareness.getStates().size === 6), 'everyone to see six again')
    expect(closes).toEqual([])
  } finally {
    for (const p of providers) {
      p.destroy()
      p.doc.destroy()
    }
  }
})
