/**
 * The catalog pull through the real app: pages in (change_seq, id) order with nothing lost while
 * records change between pages, deletions included, members only, private types hidden.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { writeFields } from '../../../shared/doc/record-doc'
import { uuidv7 } from '../../../shared/ids'
import type { CatalogRow } from '../../records/catalog-query'
import { call } from '../../security/support'
import { startTestServer, type TestServer } from '../../testing/test-server'
import { createTestUser, type TestUser } from '../../testing/test-users'

let server: TestServer
let owner: TestUser
let colleague: TestUser
let stranger: TestUser
let workspaceId: string

beforeAll(async () => {
  server = await startTestServer()
  owner = await createTestUser(server.services, { role: null })
  // A workspace of its own, so rows written by anything else (seeds, other tests) do not mix in.
  workspaceId = await server.services.auth.createWorkspace(owner.user.id, 'Catalog test')
  colleague = await createTestUser(server.services, { workspaceId })
  stranger = await createTestUser(server.services)
})
afterAll(async () => { await server.close() })

async function edit(as: TestUser, type: string, id: string, fields: Record<string, string | boolean | null>): Promise<void> {
  const result = await server.services.rooms.with(`${workspaceId}/${type}/${id}`, (room) => room.edit(`user:${as.user.id}`, (doc) => writeFields(doc, fields)))
  expect(result.status).toBe('committed')
}

/** Waits until the counter stops moving: commit listeners (server rules) may still be editing. */
async function quiet(): Promise<void> {
  const counter = async () => (await server.services.storage.db.query<{ seq: number }>('select seq from catalog_counters where workspace_id = $1', [workspaceId]))[0]?.seq
  let last = await counter()
  for (let still = 0; still < 3;) {
    await new Promise((resolve) => setTimeout(resolve, 40))
    await server.services.log.drain()
    const now = await counter()
    still = now === last ? still + 1 : 0
    last = now
  }
}

interface Page { rows: CatalogRow[]; next: string | null; seq: number }

async function pull(as: TestUser, query: string): Promise<Page> {
  const answer = await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog${query}`, { cookie: as.cookie })
  expect(answer.status, answer.text).toBe(200)
  return answer.json as Page
}

/** Pulls every page since `since`, running `between` after each page but the last. */
async function pullAll(as: TestUser, since: number, limit: number, between: (page: number) => Promise<void> = async () => {}) {
  const rows: CatalogRow[] = []
  let page = await pull(as, `?since=${since}&limit=${limit}`)
  let n = 0
  for (;;) {
    rows.push(...page.rows)
    if (!page.next) return { rows, seq: page.seq, pages: n + 1 }
    await between(n++)
    page = await pull(as, `?cursor=${page.next}&limit=${limit}`)
  }
}

test('pages through every changed record in sequence order, losing none and repeating only what changed, while records change between pages', async () => {
  const ids = Array.from({ length: 23 }, () => uuidv7())
  for (const [i, id] of ids.entries()) await edit(owner, 'account', id, { name: `Account ${i}` })
  const start = (await pull(owner, '?since=0&limit=1')).seq - ids.length

  const changedDuring = new Set<string>()
  const created: string[] = []
  const { rows, seq, pages } = await pullAll(owner, start, 5, async (page) => {
    // One record already sent and one not yet sent change, and a new one appears.
    if (page >= 3) return
    const sent = ids[page * 5]!
    const unsent = ids[ids.length - 1 - page]!
    await edit(colleague, 'account', sent, { industry: `Changed during page ${page}` })
    await edit(colleague, 'account', unsent, { industry: `Changed during page ${page}` })
    const fresh = uuidv7()
    await edit(colleague, 'account', fresh, { name: `Created during page ${page}` })
    changedDuring.add(sent).add(unsent)
    created.push(fresh)
  })

  expect(pages).toBeGreaterThan(4)
  // Each page, and the whole pull, is in (change_seq, id) order.
  const keys = rows.map((r) => [r.changeSeq, r.id] as const)
  expect(keys).toEqual([...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0)))
  // Nothing lost: every record, in its latest state.
  const latest = new Map(rows.map((r) => [r.id, r]))
  expect(new Set(latest.keys())).toEqual(new Set([...ids, ...created]))
  const stored = await server.services.storage.db.query<{ id: string; version: number }>('select id, version from records where workspace_id = $1', [workspaceId])
  for (const row of stored) expect(latest.get(row.id)?.version, row.id).toBe(row.version)
  // Repeated only when it changed after it was sent.
  for (const id of [...ids, ...created]) {
    const times = rows.filter((r) => r.id === id).length
    if (!changedDuring.has(id)) expect(times, id).toBe(1)
  }
  // The last page's seq covers everything: the next pull from it is empty.
  expect(await pull(owner, `?since=${seq}`)).toEqual({ rows: [], next: null, seq })
})

test('sends a row with its fields, titles and metadata, and a deleted record as deleted', async () => {
  const id = uuidv7()
  const accountId = uuidv7()
  await edit(owner, 'account', accountId, { name: 'Fourth Coffee' })
  await edit(owner, 'contact', id, { firstName: 'Yvonne', lastName: 'McKay', accountId })
  const { seq: before } = await pull(owner, '?since=0&limit=1')
  await edit(colleague, 'contact', id, { deleted: true })

  const { rows } = await pull(owner, `?since=${before}`)
  expect(rows).toEqual([{
    id, type: 'contact', docName: `${workspaceId}/contact/${id}`, title: 'Yvonne McKay',
    fields: { firstName: 'Yvonne', lastName: 'McKay', accountId, deleted: true },
    refTitles: { [accountId]: 'Fourth Coffee' }, deleted: true, version: 2, changeSeq: before + 1,
    updatedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/), updatedBy: `user:${colleague.user.id}`, ownerId: null, accountId,
  }])
})

test('answers 404 to a member of another workspace and for an unknown workspace, the same way', async () => {
  const foreign = await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog`, { cookie: stranger.cookie })
  const unknown = await call(server.url, 'GET', `/api/v1/${uuidv7()}/catalog`, { cookie: stranger.cookie })
  expect(foreign.status).toBe(404)
  expect(foreign.json).toEqual(unknown.json)
  expect(foreign.json).toEqual({ error: { code: 'NOT_FOUND', message: 'No such workspace.' } })
  expect((await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog`)).status).toBe(401)
})

test('leaves out the rows of a private type that another member owns, but shows them to their owner and to the workspace owner', async () => {
  const mine = uuidv7()
  const theirs = uuidv7()
  const { seq: before } = await pull(owner, '?since=0&limit=1')
  await edit(colleague, 'case', mine, { title: 'Colleague\'s case' })
  await edit(owner, 'case', theirs, { title: 'Owner\'s case' })
  await quiet()
  await server.services.auth.setPrivateTypes(workspaceId, ['case'])
  server.services.access.changed(workspaceId)
  try {
    const seen = await pullAll(colleague, before, 1)
    const all = await pullAll(owner, before, 1)
    expect(new Set(seen.rows.map((r) => r.id))).toEqual(new Set([mine]))
    expect(new Set(all.rows.map((r) => r.id))).toEqual(new Set([mine, theirs]))
    // The sequence still moves past the hidden row, so the colleague does not ask for it again.
    expect(seen.seq).toBe(all.seq)
  } finally {
    await server.services.auth.setPrivateTypes(workspaceId, [])
    server.services.access.changed(workspaceId)
  }
})

test('answers an API token with its workspace\'s rows, and refuses it once revoked', async () => {
  const id = uuidv7()
  await edit(owner, 'account', id, { name: 'Token Co' })
  const { token, id: tokenId } = await server.services.auth.createApiToken({ workspaceId, role: 'viewer', name: 'reader', createdBy: owner.user.id })
  const answer = await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog?since=0&limit=1000`, { bearer: token })
  expect(answer.status).toBe(200)
  expect((answer.json as Page).rows.map((r) => r.id)).toContain(id)
  await server.services.auth.revokeApiToken(workspaceId, tokenId)
  server.services.access.changed(workspaceId)
  expect((await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog`, { bearer: token })).status).toBe(401)
})

test('refuses a malformed since, cursor or limit with a 400 naming each', async () => {
  const answer = await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog?since=-1&cursor=nope!&limit=1001`, { cookie: owner.cookie })
  expect(answer.status).toBe(400)
  expect(Object.keys(answer.json.error.fields).sort()).toEqual(['cursor', 'limit', 'since'])
  const forged = Buffer.from('12:').toString('base64url')
  expect((await call(server.url, 'GET', `/api/v1/${workspaceId}/catalog?cursor=${forged}`, { cookie: owner.cookie })).status).toBe(400)
})
