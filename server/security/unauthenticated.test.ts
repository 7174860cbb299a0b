/**
 * Issue 3, acceptance 1: no cookie, an expired or signed-out cookie, a made-up cookie or token, or
 * a foreign `Origin` — the socket upgrades (sync and live) and the REST calls are refused, and
 * nothing is read: no document is loaded and no byte of it is in any answer.
 */
import * as Y from 'yjs'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { readFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { writeCatchUpRequest } from '../../shared/protocol/catch-up'
import { writeSyncStep1 } from '../../shared/protocol/messages'
import { SESSION_COOKIE } from '../auth/authenticate'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { call, containsBytes, FOREIGN_ORIGIN, sleep, storeDoc, tandemQuery, upgrade, waitFor, type CallOptions } from './support'

const SECRET = 'Contoso renewal: 4.2M, signature due Friday'
let server: TestServer
let member: TestUser
let docName: string
const attempts: Record<string, { options: CallOptions; status: number }> = {}

beforeAll(async () => {
  server = await startTestServer()
  const { services } = server
  docName = `demo/account/${uuidv7()}`
  await storeDoc(services, docName, { name: 'Contoso', industry: SECRET })

  member = await createTestUser(services, { role: 'member' })
  const expired = await createTestUser(services, { role: 'member' })
  const expiredSession = await services.auth.createSession(expired.user.id, -60_000)
  const signedOut = await createTestUser(services, { role: 'member' })
  const out = await call(server.url, 'POST', '/api/auth/sign-out', { cookie: signedOut.cookie })
  expect(out.status).toBe(204)

  attempts['no cookie'] = { options: {}, status: 401 }
  attempts['an expired session cookie'] = { options: { cookie: `${SESSION_COOKIE}=${expiredSession.id}` }, status: 401 }
  attempts['a signed-out session cookie'] = { options: { cookie: signedOut.cookie }, status: 401 }
  attempts['a made-up session cookie'] = { options: { cookie: `${SESSION_COOKIE}=${'A'.repeat(43)}` }, status: 401 }
  attempts['a made-up API token'] = { options: { bearer: `tdm_${'B'.repeat(43)}` }, status: 401 }
  attempts['a valid cookie from a foreign Origin'] = { options: { cookie: member.cookie, origin: FOREIGN_ORIGIN }, status: 403 }
  attempts['a valid cookie from the literal Origin null'] = { options: { cookie: member.cookie, origin: 'null' }, status: 403 }
})
afterAll(async () => { await server?.close() })

function headersOf(options: CallOptions): Record<string, string> {
  const headers: Record<string, string> = {}
  if (options.cookie) headers.cookie = options.cookie
  if (options.bearer) headers.authorization = `Bearer ${options.bearer}`
  if (options.origin) headers.origin = options.origin
  return headers
}

const secretBytes = () => new TextEncoder().encode(SECRET)

async function expectNothingLoaded(): Promise<void> {
  // Give a wrongly started load the time to show up before looking.
  await sleep(20)
  expect(server.services.rooms.size).toBe(0)
}

describe('requests without a valid session, or from a foreign site', () => {
  const cases = ['no cookie', 'an expired session cookie', 'a signed-out session cookie', 'a made-up session cookie', 'a made-up API token',
    'a valid cookie from a foreign Origin', 'a valid cookie from the literal Origin null']

  test.each(cases)('the sync socket upgrade with %s is refused and loads no document', async (name) => {
    const { options, status } = attempts[name]!
    for (const query of ['', tandemQuery]) {
      const result = await upgrade(`${server.wsUrl}/sync/${docName}${query}`, headersOf(options))
      expect(result.opened).toBe(false)
      if (result.opened) continue
      expect(result.status).toBe(status)
      expect(result.body).not.toContain(SECRET)
    }
    await expectNothingLoaded()
  })

  test.each(cases)('the live channel upgrade with %s is refused', async (name) => {
    const { options, status } = attempts[name]!
    const result = await upgrade(`${server.wsUrl}/live/demo`, headersOf(options))
    expect(result.opened).toBe(false)
    if (!result.opened) expect(result.status).toBe(status)
    expect(server.services.hub.subscriberCount).toBe(0)
  })

  test.each(cases)('catch-up with %s is refused before the body is read, and answers no byte of the document', async (name) => {
    const { options, status } = attempts[name]!
    const answer = await call(server.url, 'POST', '/api/sync/demo/catch-up', {
      ...options, bytes: writeCatchUpRequest([{ name: docName, stateVector: Y.encodeStateVector(new Y.Doc()), update: new Uint8Array() }]),
    })
    expect(answer.status).toBe(status)
    expect(containsBytes(answer.bytes, secretBytes())).toBe(false)
    await expectNothingLoaded()
  })

  test.each(cases)('GET /api/auth/me with %s is refused and names nobody', async (name) => {
    const { options, status } = attempts[name]!
    const answer = await call(server.url, 'GET', '/api/auth/me', options)
    expect(answer.status).toBe(status)
    expect(answer.text).not.toContain(member.user.email)
    expect(answer.json.user).toBeUndefined()
  })

  test.each(cases)('every workspace route with %s is refused and changes nothing', async (name) => {
    const { options, status } = attempts[name]!
    const { services } = server
    const membersBefore = await services.auth.members('demo')
    const routes: Array<[string, string, unknown?]> = [
      ['GET', '/api/workspaces/demo/members'],
      ['POST', '/api/workspaces', { name: 'Hijacked' }],
      ['PATCH', `/api/workspaces/demo/members/${member.user.id}`, { role: 'owner' }],
      ['DELETE', `/api/workspaces/demo/members/${member.user.id}`],
      ['POST', '/api/workspaces/demo/invitations', { role: 'admin' }],
      ['POST', '/api/invitations/whatever/accept'],
      ['POST', '/api/workspaces/demo/tokens', { name: 'exfiltrate', role: 'member' }],
      ['GET', '/api/workspaces/demo/tokens'],
      ['DELETE', '/api/workspaces/demo/tokens/some-id'],
      ['PUT', '/api/workspaces/demo/private-types', { types: ['account'] }],
    ]
    for (const [method, path, json] of routes) {
      const answer = await call(server.url, method, path, { ...options, ...(json === undefined ? {} : { json }) })
      expect({ method, path, status: answer.status }).toEqual({ method, path, status })
      expect(answer.text).not.toContain(member.user.email)
    }
    expect(await services.auth.members('demo')).toEqual(membersBefore)
    expect(await services.auth.apiTokens('demo')).toEqual([])
    expect((await services.auth.memberships(member.user.id)).map((m) => m.workspaceId)).toEqual(['demo'])
  })
})

describe('the same requests with a valid session from the app itself', () => {
  test('open the sync socket, which serves the document, the live channel and /api/auth/me (the refusals above are not a broken server)', async () => {
    for (const origin of [undefined, server.url]) {
      const headers = origin ? { ...member.headers, origin } : member.headers
      const sync = await upgrade(`${server.wsUrl}/sync/${docName}`, headers)
      const live = await upgrade(`${server.wsUrl}/live/demo`, headers)
      expect(sync.opened && live.opened).toBe(true)
      if (sync.opened) {
        sync.socket.send(writeSyncStep1(Y.encodeStateVector(new Y.Doc())))
        await waitFor(() => readFields(sync.socket.docSeen()).industry === SECRET, 'the document over the socket')
        sync.socket.end()
      }
      if (live.opened) live.socket.end()
      const me = await call(server.url, 'GET', '/api/auth/me', { cookie: member.cookie, ...(origin ? { origin } : {}) })
      expect(me.status).toBe(200)
      expect(me.json.user.id).toBe(member.user.id)
    }
  })
})
