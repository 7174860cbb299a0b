/**
 * The catalog poke over the real live channel: a change to a record reaches a connected client as
 * the workspace's new sequence, a burst of changes is one poke, and the document poke still comes.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { readLiveMessage, type LiveMessage } from '../../shared/protocol/live'
import { openSocket, waitFor, type RawSocket } from '../security/support'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { createLogger } from '../logger'
import { CatalogPokes } from './catalog-pokes'

let server: TestServer
let member: TestUser
let stranger: TestUser
let workspaceId: string
const sockets: RawSocket[] = []

beforeAll(async () => {
  server = await startTestServer()
  member = await createTestUser(server.services, { role: null })
  workspaceId = await server.services.auth.createWorkspace(member.user.id, 'Pokes')
  stranger = await createTestUser(server.services)
})
afterAll(async () => {
  for (const socket of sockets) socket.end()
  await server.close()
})

async function follow(as: TestUser, ws = workspaceId): Promise<RawSocket> {
  const socket = await openSocket(`${server.wsUrl}/live/${ws}`, { cookie: as.cookie })
  sockets.push(socket)
  await waitFor(() => socket.frames.length > 0, 'the hello')
  return socket
}

const messages = (socket: RawSocket): LiveMessage[] =>
  socket.frames.map((frame) => readLiveMessage(new TextDecoder().decode(frame))).filter((m): m is LiveMessage => m !== null)

const counter = async (ws: string) =>
  Number((await server.services.storage.db.query<{ seq: number }>('select seq from catalog_counters where workspace_id = $1', [ws]))[0]?.seq ?? 0)

async function edit(ws: string, id: string, fields: Record<string, string>): Promise<void> {
  const result = await server.services.rooms.with(`${ws}/account/${id}`, (room) => room.edit(`user:${member.user.id}`, (doc) => writeFields(doc, fields)))
  expect(result.status).toBe('committed')
}

test('a connected client hears the new catalog sequence when a record changes, and the document poke too', async () => {
  const socket = await follow(member)
  const id = uuidv7()
  await edit(workspaceId, id, { name: 'Adventure Works' })
  const seq = await counter(workspaceId)
  await waitFor(() => messages(socket).some((m) => m.t === 'catalog' && m.seq === seq), `a catalog poke with sequence ${seq}`)
  await waitFor(() => messages(socket).some((m) => m.t === 'poke' && m.docs.includes(`${workspaceId}/account/${id}`)), 'the document poke')
})

test('commits within one window are one poke with the counter, and a commit that did not move the counter is none', async () => {
  let counter = 4
  const queries: unknown[][] = []
  const db = { query: async <Row>(_text: string, params?: unknown[]) => {
    queries.push(params ?? [])
    return [{ workspace_id: 'ws-a', seq: counter }] as Row[]
  } }
  const pokes = new CatalogPokes(db, createLogger('silent'), 10)
  const heard: number[] = []
  const unsubscribe = pokes.subscribe('ws-a', (seq) => heard.push(seq))
  pokes.committed('ws-b/account/x') // nobody follows ws-b: not even read
  for (let i = 0; i < 5; i++) pokes.committed(`ws-a/account/${i}`)
  await pokes.idle()
  expect(heard).toEqual([4])
  expect(queries).toEqual([[['ws-a']]])

  pokes.committed('ws-a/account/0')
  await pokes.idle()
  expect(heard).toEqual([4])
  counter = 6
  pokes.committed('ws-a/account/0')
  await pokes.idle()
  expect(heard).toEqual([4, 6])
  unsubscribe()
  pokes.committed('ws-a/account/0')
  await pokes.idle()
  expect(queries.length).toBe(3)
})

test('a client of another workspace hears nothing of this one', async () => {
  const otherWorkspace = await server.services.auth.createWorkspace(stranger.user.id, 'Elsewhere')
  const elsewhere = await follow(stranger, otherWorkspace)
  const here = await follow(member)
  await edit(workspaceId, uuidv7(), { name: 'Not for strangers' })
  const seq = await counter(workspaceId)
  await waitFor(() => messages(here).some((m) => m.t === 'catalog' && m.seq === seq), 'the poke here')
  expect(messages(elsewhere).map((m) => m.t)).toEqual(['hello'])
})
