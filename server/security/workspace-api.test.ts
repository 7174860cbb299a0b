/**
 * The workspace API under attack: invitations are single-use and expire; API tokens are shown once,
 * act with their role (never above their maker's), and stop at revocation; private record types
 * hide a member's records from other members — on the socket, catch-up and the live channel — but
 * not from admins or the record's owner; the last owner can be neither removed nor demoted.
 */
import * as Y from 'yjs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { readFields } from '../../shared/doc/record-doc'
import { CLOSE, ERROR } from '../../shared/errors'
import { uuidv7 } from '../../shared/ids'
import { writeSyncStep1, writeSyncUpdate } from '../../shared/protocol/messages'
import { createApp } from '../app'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { call, catchUp, fieldsUpdate, openSocket, sleep, storedActors, tandemQuery, upgrade, waitFor, type RawSocket } from './support'

let server: TestServer
let owner: TestUser
let workspace: string
const sockets: RawSocket[] = []

beforeAll(async () => { server = await startTestServer() })
beforeEach(async () => {
  owner = await createTestUser(server.services, { role: null, name: 'Olivia Owner' })
  workspace = await server.services.auth.createWorkspace(owner.user.id, 'Tandem Test Co')
})
afterEach(() => { for (const s of sockets.splice(0)) s.end() })
afterAll(async () => { await server?.close() })

const person = (role: 'admin' | 'member' | 'viewer' | null, name?: string) =>
  createTestUser(server.services, { role, workspaceId: workspace, ...(name ? { name } : {}) })
const as = (user: TestUser, method: string, path: string, json?: unknown) =>
  call(server.url, method, path, { cookie: user.cookie, ...(json === undefined ? {} : { json }) })
const roleOf = (user: TestUser) => server.services.auth.roleOf(user.user.id, workspace)
const emptyState = () => Y.encodeStateVector(new Y.Doc())

async function raw(path: string, headers: Record<string, string>): Promise<RawSocket> {
  const socket = await openSocket(`${server.wsUrl}${path}`, headers)
  sockets.push(socket)
  return socket
}

describe('invitations', () => {
  test('join once with their role; a second use, by anyone, is refused', async () => {
    const created = await as(owner, 'POST', `/api/workspaces/${workspace}/invitations`, { role: 'viewer' })
    expect(created.status).toBe(201)
    expect(created.json.url).toContain(created.json.token)
    const guest = await person(null, 'Guest')
    const other = await person(null, 'Other')
    const accepted = await as(guest, 'POST', `/api/invitations/${created.json.token}/accept`)
    expect(accepted.json).toEqual({ workspaceId: workspace, role: 'viewer' })
    expect((await as(other, 'POST', `/api/invitations/${created.json.token}/accept`)).status).toBe(404)
    expect((await as(guest, 'POST', `/api/invitations/${created.json.token}/accept`)).status).toBe(404)
    expect(await roleOf(guest)).toBe('viewer')
    expect(await roleOf(other)).toBeNull()
  })

  test('used by two people at the same moment, join exactly one of them', async () => {
    const { token } = (await as(owner, 'POST', `/api/workspaces/${workspace}/invitations`, { role: 'member' })).json
    const racers = await Promise.all([person(null), person(null), person(null), person(null)])
    const answers = await simultaneously(racers.map((r) => [r, 'POST', `/api/invitations/${token}/accept`]), { warm: false })
    expect(answers.map((a) => a.status).sort()).toEqual([200, 404, 404, 404])
    expect((await Promise.all(racers.map(roleOf))).filter(Boolean)).toEqual(['member'])
  })

  test('that expired are refused, and join nobody', async () => {
    const { token } = await server.services.auth.createInvitation(workspace, 'member', owner.user.id, -1000)
    const late = await person(null)
    expect((await as(late, 'POST', `/api/invitations/${token}/accept`)).status).toBe(404)
    expect(await roleOf(late)).toBeNull()
  })

  test('are made only by owners and admins, never for the owner role, and never lower a member who accepts one', async () => {
    const member = await person('member')
    const admin = await person('admin')
    expect((await as(member, 'POST', `/api/workspaces/${workspace}/invitations`, { role: 'viewer' })).status).toBe(403)
    expect((await as(owner, 'POST', `/api/workspaces/${workspace}/invitations`, { role: 'owner' })).status).toBe(400)
    const fromAdmin = await as(admin, 'POST', `/api/workspaces/${workspace}/invitations`, { role: 'viewer' })
    expect(fromAdmin.status).toBe(201)
    expect((await as(owner, 'POST', `/api/invitations/${fromAdmin.json.token}/accept`)).json).toEqual({ workspaceId: workspace, role: 'owner' })
    expect(await server.services.auth.roleOf(owner.user.id, workspace)).toBe('owner')
  })
})

describe('API tokens', () => {
  test('are shown once: the secret is in the creation answer only, never in the list, and storage holds only its hash', async () => {
    const member = await person('member')
    const created = await as(member, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Zapier', role: 'member' })
    expect(created.status).toBe(201)
    const token = created.json.token as string
    expect(token).toMatch(/^tdm_/)
    for (const who of [member, owner]) {
      const list = await as(who, 'GET', `/api/workspaces/${workspace}/tokens`)
      expect(list.json.tokens.map((t: { id: string }) => t.id)).toContain(created.json.id)
      expect(list.text).not.toContain(token)
      expect(list.text).not.toContain(token.slice(4))
    }
    const rows = await server.services.storage.db.query<Record<string, unknown>>('select * from api_tokens where id = $1', [created.json.id])
    expect(JSON.stringify(rows)).not.toContain(token.slice(4))
  })

  test('act with their role: a viewer token reads but its writes are refused, a member token writes', async () => {
    const member = await person('member')
    const docName = `${workspace}/account/${uuidv7()}`
    const viewerToken = (await as(member, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Reporting', role: 'viewer' })).json
    const memberToken = (await as(member, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Importer', role: 'member' })).json
    const wrote = await catchUp(server.url, workspace, [{ name: docName, stateVector: emptyState(), update: fieldsUpdate({ name: 'Imported' }) }], { bearer: memberToken.token })
    expect(wrote.docs?.[0]?.status).toBe('ok')
    const refused = await catchUp(server.url, workspace, [{ name: docName, stateVector: emptyState(), update: fieldsUpdate({ name: 'Overwritten' }) }], { bearer: viewerToken.token })
    expect(refused.docs?.[0]).toMatchObject({ status: 'refused', code: ERROR.FORBIDDEN })
    const read = new Y.Doc()
    const answer = refused.docs![0]!
    if (answer.status !== 'denied') Y.applyUpdate(read, answer.missing)
    expect(readFields(read)).toEqual({ name: 'Imported' })
    expect(await storedActors(server.services, docName)).toEqual([`token:${memberToken.id}`])
  })

  test('cannot manage the workspace, and cannot outrank their maker', async () => {
    const viewer = await person('viewer')
    const member = await person('member')
    expect((await as(viewer, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Nope', role: 'viewer' })).status).toBe(403)
    expect((await as(member, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Nope', role: 'admin' })).status).toBe(403)
    const adminToken = (await as(owner, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Admin script', role: 'admin' })).json.token as string
    for (const [method, path, json] of [
      ['GET', `/api/workspaces/${workspace}/members`],
      ['POST', `/api/workspaces/${workspace}/invitations`, { role: 'admin' }],
      ['POST', `/api/workspaces/${workspace}/tokens`, { name: 'Child', role: 'admin' }],
      ['PATCH', `/api/workspaces/${workspace}/members/${member.user.id}`, { role: 'admin' }],
      ['GET', '/api/auth/me'],
    ] as Array<[string, string, unknown?]>) {
      const answer = await call(server.url, method, path, { bearer: adminToken, ...(json === undefined ? {} : { json }) })
      expect({ path, status: answer.status }).toEqual({ path, status: 401 })
    }
    expect(await roleOf(member)).toBe('member')
  })

  test('are refused once revoked, on REST and on sockets opened with them; members revoke only their own', async () => {
    const maker = await person('member')
    const otherMember = await person('member')
    const created = (await as(maker, 'POST', `/api/workspaces/${workspace}/tokens`, { name: 'Sync bot', role: 'member' })).json
    const docName = `${workspace}/account/${uuidv7()}`
    const socket = await raw(`/sync/${docName}`, { authorization: `Bearer ${created.token}` })
    expect((await as(otherMember, 'DELETE', `/api/workspaces/${workspace}/tokens/${created.id}`)).status).toBe(404)
    expect(socket.close).toBeNull()
    expect((await as(maker, 'DELETE', `/api/workspaces/${workspace}/tokens/${created.id}`)).status).toBe(204)
    expect(await socket.closed).toEqual(CLOSE.UNAUTHORIZED)
    const after = await catchUp(server.url, workspace, [{ name: docName, stateVector: emptyState(), update: fieldsUpdate({ name: 'after revocation' }) }], { bearer: created.token })
    expect(after.answer.status).toBe(401)
    expect((await upgrade(`${server.wsUrl}/sync/${docName}`, { authorization: `Bearer ${created.token}` })).opened).toBe(false)
    expect(await storedActors(server.services, docName)).toEqual([])
    const listed = (await as(owner, 'GET', `/api/workspaces/${workspace}/tokens`)).json.tokens.find((t: { id: string }) => t.id === created.id)
    expect(listed.revokedAt).not.toBeNull()
  })
})

describe('private record types', () => {
  async function privateActivity() {
    const admin = await person('admin', 'Ada Admin')
    const alice = await person('member', 'Alice')
    const mallory = await person('member', 'Mallory')
    const viewer = await person('viewer', 'Victor')
    expect((await as(mallory, 'PUT', `/api/workspaces/${workspace}/private-types`, { types: [] })).status).toBe(403)
    expect((await as(admin, 'PUT', `/api/workspaces/${workspace}/private-types`, { types: ['activity'] })).status).toBe(200)
    const activityName = `${workspace}/activity/${uuidv7()}`
    const aliceSocket = await raw(`/sync/${activityName}${tandemQuery}`, alice.headers)
    aliceSocket.send(writeSyncUpdate(fieldsUpdate({ kind: 'appointment', subject: 'Secret merger', priority: 'high' })))
    await waitFor(async () => (await storedActors(server.services, activityName)).length === 1, 'Alice’s activity to be stored')
    return { admin, alice, mallory, viewer, activityName, aliceSocket }
  }

  test('hide a member\'s record from other members and viewers, on the socket and catch-up, exactly as a record that is not there', async () => {
    const { mallory, viewer, activityName } = await privateActivity()
    const elsewhere = `${uuidv7()}/activity/${uuidv7()}`
    for (const snoop of [mallory, viewer]) {
      const hidden = await upgrade(`${server.wsUrl}/sync/${activityName}`, snoop.headers)
      const absent = await upgrade(`${server.wsUrl}/sync/${elsewhere}`, snoop.headers)
      if (hidden.opened || absent.opened) throw new Error('a hidden record opened')
      expect(hidden.status).toBe(404)
      expect(hidden).toEqual(absent)
      const { docs, answer } = await catchUp(server.url, workspace, [{ name: activityName, stateVector: emptyState(), update: fieldsUpdate({ subject: 'Leaked' }) }], { cookie: snoop.cookie })
      expect(docs).toEqual([{ name: activityName, status: 'denied', code: ERROR.NOT_FOUND }])
      expect(answer.text).not.toContain('Secret merger')
    }
    expect(await storedActors(server.services, activityName)).toHaveLength(1)
  })

  test('show the record to its owner and to admins and owners of the workspace', async () => {
    const { admin, alice, activityName } = await privateActivity()
    for (const reader of [admin, alice, owner]) {
      const socket = await raw(`/sync/${activityName}`, reader.headers)
      socket.send(writeSyncStep1(emptyState()))
      await waitFor(() => readFields(socket.docSeen()).subject === 'Secret merger', `${reader.user.name} to read the activity`)
    }
  })

  test('close a member\'s open socket to another\'s record the moment the type becomes private', async () => {
    const alice = await person('member')
    const mallory = await person('member')
    const activityName = `${workspace}/activity/${uuidv7()}`
    const aliceSocket = await raw(`/sync/${activityName}${tandemQuery}`, alice.headers)
    aliceSocket.send(writeSyncUpdate(fieldsUpdate({ kind: 'task', subject: 'Not yet private' })))
    await waitFor(async () => (await storedActors(server.services, activityName)).length === 1, 'the activity to be stored')
    const mallorySocket = await raw(`/sync/${activityName}`, mallory.headers)
    expect((await as(owner, 'PUT', `/api/workspaces/${workspace}/private-types`, { types: ['activity'] })).status).toBe(200)
    expect(await mallorySocket.closed).toEqual(CLOSE.FORBIDDEN)
    await sleep(50)
    expect(aliceSocket.close).toBeNull()
  })

  test('never name another\'s record on the live channel, while its owner and admins still hear of its changes', async () => {
    const { admin, alice, mallory, activityName, aliceSocket } = await privateActivity()
    const publicName = `${workspace}/account/${uuidv7()}`
    const malloryLive = await raw(`/live/${workspace}`, mallory.headers)
    const adminLive = await raw(`/live/${workspace}`, admin.headers)
    const aliceLive = await raw(`/live/${workspace}`, alice.headers)
    aliceSocket.send(writeSyncUpdate(fieldsUpdate({ priority: 'low' }, 4242)))
    const accountSocket = await raw(`/sync/${publicName}`, alice.headers)
    accountSocket.send(writeSyncUpdate(fieldsUpdate({ name: 'Public account' })))
    await waitFor(() => livePokes(adminLive).includes(activityName) && livePokes(aliceLive).includes(activityName), 'the owner and the admin to hear of the activity')
    await waitFor(() => livePokes(malloryLive).includes(publicName), 'Mallory to hear of the public account')
    expect(livePokes(malloryLive)).not.toContain(activityName)
  })
})

describe('the last owner', () => {
  test('can be neither removed nor demoted, by themself or an admin; with a second owner, one can step down', async () => {
    const admin = await person('admin')
    expect((await as(owner, 'DELETE', `/api/workspaces/${workspace}/members/${owner.user.id}`)).status).toBe(409)
    expect((await as(owner, 'PATCH', `/api/workspaces/${workspace}/members/${owner.user.id}`, { role: 'admin' })).status).toBe(409)
    expect((await as(admin, 'DELETE', `/api/workspaces/${workspace}/members/${owner.user.id}`)).status).toBe(403)
    expect((await as(admin, 'PATCH', `/api/workspaces/${workspace}/members/${owner.user.id}`, { role: 'viewer' })).status).toBe(403)
    expect((await as(admin, 'PATCH', `/api/workspaces/${workspace}/members/${admin.user.id}`, { role: 'owner' })).status).toBe(403)
    expect(await roleOf(owner)).toBe('owner')

    expect((await as(owner, 'PATCH', `/api/workspaces/${workspace}/members/${admin.user.id}`, { role: 'owner' })).status).toBe(200)
    expect((await as(owner, 'PATCH', `/api/workspaces/${workspace}/members/${owner.user.id}`, { role: 'admin' })).status).toBe(200)
    expect(await roleOf(owner)).toBe('admin')
    expect((await as(admin, 'DELETE', `/api/workspaces/${workspace}/members/${admin.user.id}`)).status).toBe(409)
  })

  test('survives two owners demoting each other at the same moment: one of them stays owner', async () => {
    const second = await person('admin')
    expect((await as(owner, 'PATCH', `/api/workspaces/${workspace}/members/${second.user.id}`, { role: 'owner' })).status).toBe(200)
    const answers = await simultaneously([
      [owner, 'PATCH', `/api/workspaces/${workspace}/members/${second.user.id}`, { role: 'member' }],
      [second, 'PATCH', `/api/workspaces/${workspace}/members/${owner.user.id}`, { role: 'member' }],
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([200, 409])
    expect(await server.services.auth.countOwners(workspace)).toBe(1)
  })

  test('survives two owners leaving at the same moment: one of them stays', async () => {
    const second = await person('admin')
    expect((await as(owner, 'PATCH', `/api/workspaces/${workspace}/members/${second.user.id}`, { role: 'owner' })).status).toBe(200)
    const answers = await simultaneously([
      [owner, 'DELETE', `/api/workspaces/${workspace}/members/${owner.user.id}`],
      [second, 'DELETE', `/api/workspaces/${workspace}/members/${second.user.id}`],
    ])
    expect(answers.map((a) => a.status).sort()).toEqual([204, 409])
    expect(await server.services.auth.countOwners(workspace)).toBe(1)
  })
})

/**
 * Requests that start in the same turn of the event loop (through the app itself: over sockets, one
 * usually finishes before the other's connection is even accepted) and, warmed, after each person's
 * role is in the cache, so all take the same steps, interleaved.
 */
async function simultaneously(requests: Array<[TestUser, string, string, unknown?]>, { warm = true } = {}): Promise<Array<{ status: number }>> {
  const app = createApp(server.services)
  if (warm) for (const [who] of requests) expect((await as(who, 'GET', `/api/workspaces/${workspace}/members`)).status).toBe(200)
  return Promise.all(requests.map(([who, method, path, json]) => app.request(`${server.url}${path}`, {
    method, headers: { cookie: who.cookie, 'content-type': 'application/json' }, ...(json === undefined ? {} : { body: JSON.stringify(json) }),
  })))
}

/** Every document name the live channel poked this socket about. */
function livePokes(socket: RawSocket): string[] {
  return socket.frames.flatMap((frame) => {
    const message = JSON.parse(new TextDecoder().decode(frame)) as { t: string; docs?: string[] }
    return message.t === 'poke' ? message.docs ?? [] : []
  })
}
