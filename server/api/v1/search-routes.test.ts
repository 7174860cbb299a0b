/**
 * GET /api/v1/<ws>/search through the real app: ranked hits across types, a type filter, members
 * only (a stranger cannot tell the workspace exists), private types hidden, bad parameters named.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { writeFields } from '../../../shared/doc/record-doc'
import { uuidv7 } from '../../../shared/ids'
import { call } from '../../security/support'
import { startTestServer, type TestServer } from '../../testing/test-server'
import { createTestUser, type TestUser } from '../../testing/test-users'

let server: TestServer
let owner: TestUser
let colleague: TestUser
let stranger: TestUser
let workspaceId: string
const ids = { account: uuidv7(), contact: uuidv7(), ownersCase: uuidv7(), colleaguesCase: uuidv7() }

beforeAll(async () => {
  server = await startTestServer()
  owner = await createTestUser(server.services, { role: null })
  workspaceId = await server.services.auth.createWorkspace(owner.user.id, 'Search test')
  colleague = await createTestUser(server.services, { workspaceId })
  stranger = await createTestUser(server.services)
  await edit(owner, 'account', ids.account, { name: 'Zürich Pharmazeutika AG', billingCity: 'Zürich' })
  await edit(owner, 'contact', ids.contact, { firstName: 'Zoë', lastName: 'Pharmazeutika', email: 'zoe@pharmazeutika.ch', accountId: ids.account })
  await edit(owner, 'case', ids.ownersCase, { title: 'Pharmazeutika invoice', customerType: 'account', customerId: ids.account })
  await edit(colleague, 'case', ids.colleaguesCase, { title: 'Pharmazeutika delivery', customerType: 'account', customerId: ids.account })
})
afterAll(async () => { await server.close() })

async function edit(as: TestUser, type: string, id: string, fields: Record<string, string>): Promise<void> {
  const result = await server.services.rooms.with(`${workspaceId}/${type}/${id}`, (room) => room.edit(`user:${as.user.id}`, (doc) => writeFields(doc, fields)))
  expect(result.status).toBe('committed')
}

const search = (as: TestUser | null, query: string) =>
  call(server.url, 'GET', `/api/v1/${workspaceId}/search${query}`, as ? { cookie: as.cookie } : {})

test('finds records of every type by an accent-free prefix, best first, with a subtitle', async () => {
  const answer = await search(colleague, '?q=zurich%20pharma')
  expect(answer.status, answer.text).toBe(200)
  expect(answer.json.hits[0]).toMatchObject({ id: ids.account, type: 'account', path: 'accounts', title: 'Zürich Pharmazeutika AG', subtitle: 'Zürich' })
  const all = await search(colleague, '?q=pharmazeutika')
  expect(new Set(all.json.hits.map((h: { id: string }) => h.id))).toEqual(new Set(Object.values(ids)))
})

test('types narrows the search, by type name or REST path, and limit cuts the list', async () => {
  const contacts = await search(owner, '?q=pharmazeutika&types=contacts')
  expect(contacts.json.hits.map((h: { id: string }) => h.id)).toEqual([ids.contact])
  const two = await search(owner, '?q=pharmazeutika&types=case,account&limit=2')
  expect(two.json.hits).toHaveLength(2)
  expect(two.json.hits.every((h: { type: string }) => h.type === 'case' || h.type === 'account')).toBe(true)
})

test('a stranger, an unknown workspace and a signed-out caller get nothing', async () => {
  const foreign = await search(stranger, '?q=pharmazeutika')
  const unknown = await call(server.url, 'GET', '/api/v1/no-such-workspace/search?q=pharmazeutika', { cookie: stranger.cookie })
  expect(foreign.status).toBe(404)
  expect(unknown.status).toBe(404)
  expect(foreign.json).toEqual(unknown.json)
  expect((await search(null, '?q=pharmazeutika')).status).toBe(401)
})

test('a private record type shows only the caller\'s own records to a member, and all to the owner', async () => {
  await server.services.auth.setPrivateTypes(workspaceId, ['case'])
  server.services.access.changed(workspaceId)
  try {
    const seen = await search(colleague, '?q=pharmazeutika&types=case')
    expect(seen.json.hits.map((h: { id: string }) => h.id)).toEqual([ids.colleaguesCase])
    const all = await search(owner, '?q=pharmazeutika&types=case')
    expect(new Set(all.json.hits.map((h: { id: string }) => h.id))).toEqual(new Set([ids.ownersCase, ids.colleaguesCase]))
  } finally {
    await server.services.auth.setPrivateTypes(workspaceId, [])
    server.services.access.changed(workspaceId)
  }
})

test('a missing q, an unknown type and a bad limit are a 400 naming each', async () => {
  const answer = await search(owner, '?types=contacts,widgets&limit=0')
  expect(answer.status).toBe(400)
  expect(Object.keys(answer.json.error.fields).sort()).toEqual(['limit', 'q', 'types'])
  expect(answer.json.error.fields.types).toMatch(/widgets/)
})
