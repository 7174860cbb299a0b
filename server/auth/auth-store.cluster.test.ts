/**
 * The auth store's SQL on PostgreSQL (the unit suites run it on PGlite through the routes):
 * people, sessions, memberships, the last-owner rule under a race, invitations, tokens and
 * private types (a text[] parameter).
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { migrate } from '../storage/migrations'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl, freshSchema } from '../storage/postgres-test-schema'
import type { SqlDatabase } from '../storage/sql'
import { createAuthStore, type AuthStore } from './auth-store'

let db: SqlDatabase
let auth: AuthStore
let dropSchema: () => Promise<void>

beforeAll(async () => {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  dropSchema = () => schema.drop()
  db = await openPostgres(url, { schema: schema.name })
  await migrate(db)
  auth = createAuthStore(db)
})
afterAll(async () => {
  await db?.close()
  await dropSchema?.()
})

test('sign-up makes a user who owns their first workspace, with a session that finds them', async () => {
  const { user, workspaceId } = await auth.signUp({ email: 'ada@example.test', name: 'Ada', passwordHash: 'x', workspaceName: "Ada's" })
  expect(await auth.roleOf(user.id, workspaceId)).toBe('owner')
  const session = await auth.createSession(user.id, 60_000)
  expect((await auth.sessionUser(session.id))?.user.id).toBe(user.id)
  expect(await auth.sessionUser('made-up')).toBeNull()
  await expect(auth.signUp({ email: 'ada@example.test', name: 'Ada 2', passwordHash: 'x', workspaceName: 'w' })).rejects.toThrow()
})

test('two owners demoting each other at once leave one owner', async () => {
  const a = await auth.signUp({ email: 'o1@example.test', name: 'O1', passwordHash: 'x', workspaceName: 'w' })
  const b = await auth.createUser({ email: 'o2@example.test', name: 'O2', passwordHash: 'x' })
  await auth.addMember(a.workspaceId, b.id, 'owner')
  await Promise.all([auth.setRole(a.workspaceId, a.user.id, 'member'), auth.setRole(a.workspaceId, b.id, 'member')])
  expect(await auth.countOwners(a.workspaceId)).toBe(1)
})

test('an invitation joins once, tokens resolve until revoked, private types round-trip', async () => {
  const owner = await auth.signUp({ email: 'boss@example.test', name: 'Boss', passwordHash: 'x', workspaceName: 'w' })
  const guest = await auth.createUser({ email: 'guest@example.test', name: 'Guest', passwordHash: 'x' })
  const invitation = await auth.createInvitation(owner.workspaceId, 'viewer', owner.user.id, 60_000)
  expect(await auth.acceptInvitation(invitation.token, guest.id)).toMatchObject({ workspaceId: owner.workspaceId, role: 'viewer' })
  expect(await auth.acceptInvitation(invitation.token, guest.id)).toBeNull()
  const token = await auth.createApiToken({ workspaceId: owner.workspaceId, role: 'member', name: 'CI', createdBy: owner.user.id })
  expect((await auth.apiToken(token.token))?.id).toBe(token.id)
  await auth.revokeApiToken(owner.workspaceId, token.id)
  expect(await auth.apiToken(token.token)).toBeNull()
  await auth.setPrivateTypes(owner.workspaceId, ['case', 'opportunity'])
  expect((await auth.workspace(owner.workspaceId))?.privateTypes).toEqual(['case', 'opportunity'])
})
