/**
 * The visibility condition in SQL agrees with `docAccess`: private types show only to their
 * record's owner and to owners and admins; other types to every member; nothing to outsiders.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { writeFields } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import type { Services } from '../services'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser, type TestUser } from '../testing/test-users'
import { actorOf, type Principal } from './principal'
import { visibilityWhere } from './record-visibility'

let server: TestServer
let services: Services
let workspace: string
let owner: TestUser
let alice: TestUser
let bob: TestUser
let outsider: TestUser
const ids: Record<string, string> = {}

const principal = (u: TestUser): Principal => ({ kind: 'user', user: u.user, sessionHash: 'test' })

async function create(type: string, fields: Record<string, string>, by: TestUser): Promise<string> {
  const id = uuidv7()
  const room = services.rooms.open(`${workspace}/${type}/${id}`)!
  room.hold()
  try {
    expect((await room.edit(actorOf(principal(by)), (doc) => writeFields(doc, fields))).status).toBe('committed')
  } finally {
    room.release()
  }
  return id
}

async function visible(u: TestUser): Promise<string[]> {
  const where = await visibilityWhere(services.access, principal(u), workspace, 'r', 2)
  const rows = await services.storage.db.query<{ id: string }>(
    `select r.id from records r where r.workspace_id = $1 and ${where.sql} order by r.id`, [workspace, ...where.params])
  return rows.map((row) => row.id)
}

beforeAll(async () => {
  server = await startTestServer()
  services = server.services
  owner = await createTestUser(services, { role: null })
  workspace = await services.auth.createWorkspace(owner.user.id, 'Visibility Co')
  alice = await createTestUser(services, { role: 'member', workspaceId: workspace })
  bob = await createTestUser(services, { role: 'viewer', workspaceId: workspace })
  outsider = await createTestUser(services, { role: 'member' })
  ids.account = await create('account', { name: 'Contoso' }, alice)
  ids.aliceCase = await create('case', { title: 'Broken', customerType: 'account', customerId: ids.account }, alice)
  ids.ownerCase = await create('case', { title: 'Slow', customerType: 'account', customerId: ids.account }, owner)
  await services.auth.setPrivateTypes(workspace, ['case'])
  services.access.changed(workspace)
})
afterAll(async () => { await server?.close() })

test('a member sees the public records and the private ones they own, nobody else\'s', async () => {
  expect(await visible(alice)).toEqual([ids.account, ids.aliceCase].sort())
  expect(await visible(bob)).toEqual([ids.account])
})

test('owners see every record, private or not', async () => {
  expect(await visible(owner)).toEqual([ids.account, ids.aliceCase, ids.ownerCase].sort())
})

test('a principal with no role in the workspace sees nothing', async () => {
  expect(await visible(outsider)).toEqual([])
})
