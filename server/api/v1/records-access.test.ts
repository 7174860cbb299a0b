/**
 * Access to the record API (issue 4, acceptance 8): a member of another workspace gets the same 404
 * from every route whether an id exists or not; a viewer's writes are refused; a private record type
 * is invisible to other members (lists, reads, related lists, history) but not to its owner or
 * admins; an API token works with its role and stops at revocation; history names the actor of a
 * REST edit and of an API-token edit, and restoring an earlier value works.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { uuidv7 } from '../../../shared/ids'
import { call, comparable, waitFor, type Answer } from '../../security/support'
import { startTestServer, type TestServer } from '../../testing/test-server'
import { createTestUser, type TestUser } from '../../testing/test-users'

let server: TestServer
let owner: TestUser
let alice: TestUser
let bob: TestUser
let viewer: TestUser
let outsider: TestUser
let ws: string
const ids = { account: '', contact: '', case: '' }

const as = (user: TestUser | string, method: string, path: string, json?: unknown): Promise<Answer> =>
  call(server.url, method, path.startsWith('/api/') ? path : `/api/v1/${ws}${path}`, {
    ...(typeof user === 'string' ? { bearer: user } : { cookie: user.cookie }), ...(json === undefined ? {} : { json }),
  })

async function create(user: TestUser | string, path: string, fields: Record<string, unknown>): Promise<string> {
  const answer = await as(user, 'POST', `/${path}`, fields)
  expect(answer.status, answer.text).toBe(201)
  return answer.json.id as string
}

async function historyOf(user: TestUser, path: string) {
  const answer = await as(user, 'GET', `${path}/history`)
  expect(answer.status, answer.text).toBe(200)
  return answer.json.items as Array<{ id: string; field: string; old: unknown; new: unknown; actor: { id: string; name: string | null }; kind: string }>
}

beforeAll(async () => {
  server = await startTestServer()
  owner = await createTestUser(server.services, { role: null, name: 'Olivia Owner' })
  ws = await server.services.auth.createWorkspace(owner.user.id, 'Access Co')
  alice = await createTestUser(server.services, { role: 'member', workspaceId: ws, name: 'Alice Member' })
  bob = await createTestUser(server.services, { role: 'member', workspaceId: ws, name: 'Bob Member' })
  viewer = await createTestUser(server.services, { role: 'viewer', workspaceId: ws, name: 'Vera Viewer' })
  outsider = await createTestUser(server.services, { role: null, name: 'Oscar Outsider' })
  await server.services.auth.createWorkspace(outsider.user.id, 'Outsider Co')
  ids.account = await create(owner, 'accounts', { name: 'Contoso', industry: 'Retail' })
  ids.contact = await create(owner, 'contacts', { lastName: 'Lovelace', accountId: ids.account })
  ids.case = await create(alice, 'cases', { title: 'Alice\'s private case', customerType: 'account', customerId: ids.account })
  expect((await as(owner, 'PUT', `/api/workspaces/${ws}/private-types`, { types: ['case'] })).status).toBe(200)
})
afterAll(async () => { await server?.close() })

describe('a member of another workspace', () => {
  test('gets the same 404 from every route, for an existing id and a made-up one, and changes nothing', async () => {
    const history = await historyOf(owner, `/accounts/${ids.account}`)
    const before = (await as(owner, 'GET', `/accounts/${ids.account}`)).json
    type Route = [method: string, path: string, body?: unknown]
    const routes = (id: string, caseId: string): Route[] => [
      ['GET', `/accounts/${id}`], ['PATCH', `/accounts/${id}`, { industry: 'Stolen' }], ['DELETE', `/accounts/${id}`],
      ['GET', `/accounts/${id}/contacts`], ['GET', `/accounts/${id}/cases`], ['GET', `/accounts/${id}/history`],
      ['POST', `/accounts/${id}/history/${history[0]!.id}/restore`], ['POST', `/accounts/${id}/primary-contact`, { contactId: ids.contact }],
      ['POST', `/cases/${caseId}/resolve`, { resolution: 'x' }], ['POST', `/cases/${caseId}/reopen`],
    ]
    const real = routes(ids.account, ids.case)
    const fake = routes(uuidv7(), uuidv7())
    for (const [i, [method, path, body]] of real.entries()) {
      const existing = await as(outsider, method, path, body)
      const [, fakePath, fakeBody] = fake[i]!
      const missing = await as(outsider, method, fakePath, fakeBody)
      expect(existing.status, `${method} ${path}`).toBe(404)
      expect(comparable(existing), `${method} ${path}`).toEqual(comparable(missing))
    }
    for (const [method, path, body] of [['GET', '/accounts'], ['GET', '/cases?q=private'], ['POST', '/accounts', { name: 'Intruder' }]] as const) {
      const answer = await as(outsider, method, path, body)
      expect(answer.status, `${method} ${path}`).toBe(404)
      expect(answer.json.error.code).toBe('NOT_FOUND')
    }
    expect((await as(owner, 'GET', `/accounts/${ids.account}`)).json).toEqual(before)
    expect((await as(owner, 'GET', '/accounts')).json.items.map((r: { fields: { name: string } }) => r.fields.name)).toEqual(['Contoso'])
  })

  test('gets no duplicate warning naming this workspace\'s records', async () => {
    await create(owner, 'contacts', { lastName: 'Known', email: 'known@contoso.example' })
    const theirs = (await as(outsider, 'GET', '/api/auth/me')).json.workspaces[0].id as string
    const answer = await call(server.url, 'POST', `/api/v1/${theirs}/contacts`, { cookie: outsider.cookie, json: { lastName: 'Known', email: 'known@contoso.example' } })
    expect(answer.status).toBe(201)
    expect(answer.json.warnings).toEqual({ duplicates: [] })
  })

  test('signed out gets 401 and nothing else', async () => {
    const answer = await call(server.url, 'GET', `/api/v1/${ws}/accounts/${ids.account}`)
    expect(answer.status).toBe(401)
    expect(answer.text).not.toContain('Contoso')
  })
})

describe('a viewer', () => {
  test('reads records but every write is refused with 403 and changes nothing', async () => {
    expect((await as(viewer, 'GET', `/accounts/${ids.account}`)).status).toBe(200)
    const before = (await as(owner, 'GET', `/accounts/${ids.account}`)).json
    const history = await historyOf(viewer, `/accounts/${ids.account}`)
    const writes: Array<[string, string, unknown?]> = [
      ['POST', '/accounts', { name: 'Viewer Co' }], ['PATCH', `/accounts/${ids.account}`, { industry: 'Viewed' }],
      ['DELETE', `/accounts/${ids.account}`], ['POST', `/accounts/${ids.account}/primary-contact`, { contactId: ids.contact }],
      ['POST', `/accounts/${ids.account}/history/${history[0]!.id}/restore`],
    ]
    for (const [method, path, body] of writes) {
      const answer = await as(viewer, method, path, body)
      expect(answer.status, `${method} ${path}`).toBe(403)
      expect(answer.json.error.code).toBe('FORBIDDEN')
    }
    expect((await as(owner, 'GET', `/accounts/${ids.account}`)).json).toEqual(before)
  })
})

describe('a private record type', () => {
  test('is invisible to other members in lists, reads, related lists, search and history, as if it did not exist', async () => {
    expect((await as(bob, 'GET', '/cases')).json.items).toEqual([])
    expect((await as(bob, 'GET', '/cases?q=private')).json.items).toEqual([])
    expect((await as(bob, 'GET', `/accounts/${ids.account}/cases`)).json.items).toEqual([])
    for (const suffix of ['', '/history']) {
      const hidden = await as(bob, 'GET', `/cases/${ids.case}${suffix}`)
      expect(hidden.status).toBe(404)
      expect(comparable(hidden)).toEqual(comparable(await as(bob, 'GET', `/cases/${uuidv7()}${suffix}`)))
    }
    expect((await as(bob, 'PATCH', `/cases/${ids.case}`, { title: 'Mine now' })).status).toBe(404)
  })

  test('shows to the record\'s owner and to the workspace\'s owners', async () => {
    for (const user of [alice, owner]) {
      expect((await as(user, 'GET', '/cases')).json.items.map((r: { id: string }) => r.id)).toEqual([ids.case])
      expect((await as(user, 'GET', `/accounts/${ids.account}/cases`)).json.items.map((r: { id: string }) => r.id)).toEqual([ids.case])
      expect((await as(user, 'GET', `/cases/${ids.case}`)).status).toBe(200)
    }
  })
})

describe('API tokens', () => {
  test('work on the record routes with their role, are attributed in history by name, and are refused once revoked', async () => {
    const made = await as(alice, 'POST', `/api/workspaces/${ws}/tokens`, { name: 'CI import', role: 'member' })
    expect(made.status).toBe(201)
    const token = made.json.token as string
    const readOnly = (await as(alice, 'POST', `/api/workspaces/${ws}/tokens`, { name: 'Dashboard', role: 'viewer' })).json.token as string

    const id = await create(token, 'accounts', { name: 'Token Co' })
    expect((await as(token, 'PATCH', `/accounts/${id}`, { industry: 'Automation' })).json.updatedBy).toBe(`token:${made.json.id}`)
    expect((await as(token, 'GET', '/accounts?industry=automation')).json.items.map((r: { id: string }) => r.id)).toEqual([id])
    expect((await as(readOnly, 'GET', `/accounts/${id}`)).status).toBe(200)
    expect((await as(readOnly, 'PATCH', `/accounts/${id}`, { industry: 'Nope' })).status).toBe(403)

    expect((await as(token, 'GET', `/accounts/${id}/history`)).status).toBe(200)
    expect((await as(token, 'GET', `/accounts/${id}/contacts`)).status).toBe(200)
    const contact = await create(token, 'contacts', { lastName: 'Tokened', accountId: id })
    expect((await as(token, 'POST', `/accounts/${id}/primary-contact`, { contactId: contact })).json.fields.primaryContactId).toBe(contact)
    expect((await as(readOnly, 'POST', `/accounts/${id}/primary-contact`, { contactId: null })).status).toBe(403)
    const industry = (await historyOf(owner, `/accounts/${id}`)).find((h) => h.field === 'industry')!
    expect(industry.actor).toEqual({ id: `token:${made.json.id}`, name: 'CI import (API token)' })

    expect((await as(alice, 'DELETE', `/api/workspaces/${ws}/tokens/${made.json.id}`)).status).toBe(204)
    for (const [method, path, body] of [['GET', `/accounts/${id}`], ['GET', '/accounts'], ['PATCH', `/accounts/${id}`, { industry: 'After' }]] as const) {
      expect((await as(token, method, path, body)).status, `${method} ${path}`).toBe(401)
    }
    expect((await as(owner, 'GET', `/accounts/${id}`)).json.fields.industry).toBe('Automation')
  })
})

describe('history', () => {
  test('names the person behind a REST edit, and restoring an entry writes its old value back as the caller', async () => {
    const id = await create(alice, 'accounts', { name: 'History Co', industry: 'Shipping' })
    expect((await as(bob, 'PATCH', `/accounts/${id}`, { industry: 'Aviation' })).status).toBe(200)
    const history = await historyOf(owner, `/accounts/${id}`)
    const change = history.find((h) => h.field === 'industry' && h.new === 'Aviation')!
    expect(change).toMatchObject({ old: 'Shipping', kind: 'edit', actor: { id: `user:${bob.user.id}`, name: 'Bob Member' } })
    const created = history.find((h) => h.field === 'name')!
    expect(created).toMatchObject({ old: null, new: 'History Co', actor: { id: `user:${alice.user.id}`, name: 'Alice Member' } })

    const restored = await as(alice, 'POST', `/accounts/${id}/history/${change.id}/restore`)
    expect(restored.status, restored.text).toBe(200)
    expect(restored.json.fields.industry).toBe('Shipping')
    expect(restored.headers.get('etag')).toBe(`"${restored.json.version}"`)
    const after = await historyOf(owner, `/accounts/${id}`)
    expect(after[0]).toMatchObject({ field: 'industry', old: 'Aviation', new: 'Shipping', actor: { id: `user:${alice.user.id}` } })
    // Restoring the creation of a required field (to nothing) is refused, naming the field.
    const refused = await as(alice, 'POST', `/accounts/${id}/history/${created.id}/restore`)
    expect(refused.status).toBe(400)
    expect(Object.keys(refused.json.error.fields)).toEqual(['name'])
    expect((await as(alice, 'POST', `/accounts/${id}/history/${uuidv7()}/restore`)).status).toBe(404)
  })

  test('names the server as the actor of its repairs', async () => {
    const account = await create(owner, 'accounts', { name: 'Repair Co' })
    const contact = await create(owner, 'contacts', { lastName: 'Soon Gone', accountId: account })
    expect((await as(owner, 'POST', `/accounts/${account}/primary-contact`, { contactId: contact })).status).toBe(200)
    expect((await as(bob, 'DELETE', `/contacts/${contact}`)).status).toBe(200)
    await waitFor(async () => (await as(owner, 'GET', `/accounts/${account}`)).json.fields.primaryContactId == null, 'the server to clear the primary contact')
    const repair = (await historyOf(owner, `/accounts/${account}`)).find((h) => h.field === 'primaryContactId' && h.new === null)!
    expect(repair).toMatchObject({ old: contact, actor: { id: 'server', name: 'Tandem (server)' } })
  })

  test('pages newest first with a cursor', async () => {
    const id = await create(owner, 'accounts', { name: 'Paged Co', industry: 'A', phone: '+1 425 555 0101', email: 'a@paged.example' })
    const all = await historyOf(owner, `/accounts/${id}`)
    expect(all.map((h) => h.field).sort()).toEqual(['email', 'industry', 'name', 'phone'])
    const first = await as(owner, 'GET', `/accounts/${id}/history?limit=3`)
    const second = await as(owner, 'GET', `/accounts/${id}/history?limit=3&cursor=${first.json.next}`)
    expect([...first.json.items, ...second.json.items].map((h: { id: string }) => h.id)).toEqual(all.map((h) => h.id))
    expect(second.json.next).toBeNull()
  })
})
