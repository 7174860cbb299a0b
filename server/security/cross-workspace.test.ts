/**
 * Issue 3, acceptance 2: Mallory belongs to workspace A (and owns a workspace of her own). She
 * cannot read or write any document of Bob's workspace B — over the socket, by guessing or bending
 * ids, through catch-up, with an API token, or through any workspace route — and no answer tells
 * an existing B document or workspace from one that does not exist.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFields } from '../../shared/doc/record-doc'
import { ERROR } from '../../shared/errors'
import { uuidv7 } from '../../shared/ids'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { loadStoredDoc } from '../testing/stored-doc'
import { call, catchUp, comparable, containsBytes, fieldsUpdate, storeDoc, storedActors, tandemQuery, upgrade, type Answer, type CallOptions } from './support'

const SECRET = 'Bob’s pipeline: Initech, 900k, closing in March'
let server: TestServer
let mallory: TestUser
let bob: TestUser
let A: string
let B: string
let bDoc: string
let missingBDoc: string
let bTokenId: string
let malloryToken: string
const missingWorkspace = uuidv7()

beforeAll(async () => {
  server = await startTestServer()
  const { auth } = server.services
  bob = await createTestUser(server.services, { role: null, name: 'Bob' })
  B = await auth.createWorkspace(bob.user.id, 'Bob’s company')
  mallory = await createTestUser(server.services, { role: null, name: 'Mallory' })
  A = await auth.createWorkspace(bob.user.id, 'Shared agency')
  await auth.addMember(A, mallory.user.id, 'member')
  bDoc = `${B}/account/${uuidv7()}`
  missingBDoc = `${B}/account/${uuidv7()}`
  await storeDoc(server.services, bDoc, { name: 'Initech', industry: SECRET })
  bTokenId = (await auth.createApiToken({ workspaceId: B, role: 'admin', name: 'B integration', createdBy: bob.user.id })).id
  malloryToken = (await auth.createApiToken({ workspaceId: A, role: 'member', name: 'A integration', createdBy: mallory.user.id })).token
})
afterAll(async () => { await server?.close() })

const secret = () => new TextEncoder().encode(SECRET)
/** A catch-up entry that also tries to write. */
const request = (name: string) => ({ name, stateVector: Y.encodeStateVector(new Y.Doc()), update: fieldsUpdate({ name: 'Pwned by Mallory' }) })

async function expectBobsDocumentUntouched(): Promise<void> {
  expect(server.services.rooms.get(bDoc)).toBeUndefined()
  expect(await storedActors(server.services, bDoc)).toEqual(['server'])
  expect(readFields(await loadStoredDoc(server.services.storage.store, bDoc))).toEqual({ name: 'Initech', industry: SECRET })
  expect(await storedActors(server.services, missingBDoc)).toEqual([])
}

function expectIndistinguishable(answers: Answer[]): void {
  const first = comparable(answers[0]!)
  for (const answer of answers) {
    expect(comparable(answer)).toEqual(first)
    expect(containsBytes(answer.bytes, secret())).toBe(false)
  }
}

describe('the sync socket', () => {
  test('refuses Mallory for an existing B document exactly as for a missing one or a missing workspace', async () => {
    const answers = []
    for (const name of [bDoc, missingBDoc, `${missingWorkspace}/account/${uuidv7()}`]) {
      for (const query of ['', tandemQuery]) {
        const result = await upgrade(`${server.wsUrl}/sync/${name}${query}`, mallory.headers)
        if (result.opened) throw new Error(`Mallory opened ${name}`)
        expect(result.body).not.toContain(SECRET)
        answers.push({ status: result.status, headers: result.headers, body: result.body })
      }
    }
    expect(answers[0]!.status).toBe(404)
    for (const answer of answers) expect(answer).toEqual(answers[0])
    await expectBobsDocumentUntouched()
  })

  test('refuses every guessed or bent name that points into B, and loads none of them', async () => {
    const recordId = bDoc.split('/')[2]!
    const guesses = [
      `/sync/${B}/contact/${recordId}`,
      `/sync/${B}/account/${recordId.toUpperCase()}`,
      `/sync/${B}/account/${recordId}/`,
      `/sync/${A}/account/..%2F..%2F${B}%2Faccount%2F${recordId}`,
      `/sync/${A}%2F..%2F${B}/account/${recordId}`,
      `/sync/${B}%2Faccount/${recordId}/x`,
      `/sync/${B.toUpperCase()}/account/${recordId}`,
      `/sync/%20${B}/account/${recordId}`,
      `/sync//${B}/account/${recordId}`,
      `/sync/demo/account/${recordId}`,
      `/sync/${A}/account/${recordId}`,
    ]
    for (const path of guesses) {
      const result = await upgrade(`${server.wsUrl}${path}`, mallory.headers)
      if (result.opened) {
        // A name inside A opens (a new, empty record of A): it must not be Bob's document.
        expect(path).toBe(`/sync/${A}/account/${recordId}`)
        expect(readFields(result.socket.docSeen())).toEqual({})
        result.socket.end()
        continue
      }
      expect([400, 404]).toContain(result.status)
      expect(result.body).not.toContain(SECRET)
    }
    await expectBobsDocumentUntouched()
  })

  test('refuses the live channel of B exactly as that of a workspace that does not exist', async () => {
    const existing = await upgrade(`${server.wsUrl}/live/${B}`, mallory.headers)
    const missing = await upgrade(`${server.wsUrl}/live/${missingWorkspace}`, mallory.headers)
    if (existing.opened || missing.opened) throw new Error('Mallory opened a live channel of B')
    expect(existing.status).toBe(404)
    expect(existing).toEqual(missing)
    expect(server.services.hub.subscriberCount).toBe(0)
  })
})

describe('catch-up', () => {
  test('to B\'s route answers an existing B document, a missing one and a missing workspace the same, and stores nothing', async () => {
    for (const auth of [{ cookie: mallory.cookie }, { bearer: malloryToken }] satisfies CallOptions[]) {
      const answers = []
      for (const [ws, name] of [[B, bDoc], [B, missingBDoc], [missingWorkspace, `${missingWorkspace}/account/${uuidv7()}`]] as const) {
        answers.push((await catchUp(server.url, ws, [request(name)], auth)).answer)
      }
      expect(answers[0]!.status).toBe(404)
      expectIndistinguishable(answers)
    }
    await expectBobsDocumentUntouched()
  })

  test('to A\'s own route, naming B documents, denies them as not found, alike, and stores nothing', async () => {
    for (const auth of [{ cookie: mallory.cookie }, { bearer: malloryToken }] satisfies CallOptions[]) {
      const { answer, docs } = await catchUp(server.url, A, [request(bDoc), request(missingBDoc)], auth)
      expect(answer.status).toBe(200)
      expect(containsBytes(answer.bytes, secret())).toBe(false)
      expect(docs).toEqual([
        { name: bDoc, status: 'denied', code: ERROR.NOT_FOUND },
        { name: missingBDoc, status: 'denied', code: ERROR.NOT_FOUND },
      ])
    }
    await expectBobsDocumentUntouched()
  })
})

describe('the workspace routes', () => {
  test('answer Mallory the same for B as for a workspace that does not exist, and change nothing in B', async () => {
    const { auth } = server.services
    const membersBefore = await auth.members(B)
    const tokensBefore = await auth.apiTokens(B)
    const routes = (ws: string): Array<[string, string, unknown?]> => [
      ['GET', `/api/workspaces/${ws}/members`],
      ['PATCH', `/api/workspaces/${ws}/members/${bob.user.id}`, { role: 'viewer' }],
      ['PATCH', `/api/workspaces/${ws}/members/${mallory.user.id}`, { role: 'owner' }],
      ['DELETE', `/api/workspaces/${ws}/members/${bob.user.id}`],
      ['DELETE', `/api/workspaces/${ws}/members/${mallory.user.id}`],
      ['POST', `/api/workspaces/${ws}/invitations`, { role: 'admin' }],
      ['POST', `/api/workspaces/${ws}/tokens`, { name: 'exfiltrate', role: 'admin' }],
      ['GET', `/api/workspaces/${ws}/tokens`],
      ['DELETE', `/api/workspaces/${ws}/tokens/${bTokenId}`],
      ['PUT', `/api/workspaces/${ws}/private-types`, { types: [] }],
    ]
    const existing = routes(B)
    const missing = routes(missingWorkspace)
    for (let i = 0; i < existing.length; i++) {
      const [method, path, json] = existing[i]!
      const a = await call(server.url, method, path, { cookie: mallory.cookie, ...(json === undefined ? {} : { json }) })
      const [, missingPath] = missing[i]!
      const b = await call(server.url, method, missingPath, { cookie: mallory.cookie, ...(json === undefined ? {} : { json }) })
      expect({ method, path, status: a.status }).toEqual({ method, path, status: 404 })
      expect(comparable(a)).toEqual(comparable(b))
      expect(a.text).not.toContain(bob.user.email)
    }
    expect(await auth.members(B)).toEqual(membersBefore)
    expect(await auth.apiTokens(B)).toEqual(tokensBefore)
    expect((await auth.workspace(B))?.privateTypes).toEqual([])
  })

  test('as owner of her own workspace, Mallory still cannot reach Bob or B through it', async () => {
    const created = await call(server.url, 'POST', '/api/workspaces', { cookie: mallory.cookie, json: { name: 'Mallory Inc' } })
    expect(created.status).toBe(201)
    const M = created.json.id as string
    const bobAnswer = await call(server.url, 'PATCH', `/api/workspaces/${M}/members/${bob.user.id}`, { cookie: mallory.cookie, json: { role: 'viewer' } })
    const nobodyAnswer = await call(server.url, 'PATCH', `/api/workspaces/${M}/members/${uuidv7()}`, { cookie: mallory.cookie, json: { role: 'viewer' } })
    expect(bobAnswer.status).toBe(404)
    expect(comparable(bobAnswer)).toEqual(comparable(nobodyAnswer))
    const { docs } = await catchUp(server.url, M, [request(bDoc)], { cookie: mallory.cookie })
    expect(docs).toEqual([{ name: bDoc, status: 'denied', code: ERROR.NOT_FOUND }])
    expect((await server.services.auth.memberships(bob.user.id)).map((m) => m.workspaceId).sort()).toEqual([A, B].sort())
    await expectBobsDocumentUntouched()
  })
})

describe('GET /api/auth/me', () => {
  test('lists only Mallory\'s own workspaces', async () => {
    const me = await call(server.url, 'GET', '/api/auth/me', { cookie: mallory.cookie })
    expect(me.status).toBe(200)
    expect(me.json.workspaces.map((w: { id: string }) => w.id)).not.toContain(B)
    expect(me.text).not.toContain('Bob’s company')
  })
})
