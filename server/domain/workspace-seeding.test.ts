/**
 * A workspace created through the API starts with the relationship role catalog, projected and
 * written by the server.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { call } from '../security/support'
import { startTestServer, type TestServer } from '../testing/test-server'
import { createTestUser } from '../testing/test-users'
import { ROLE_CATALOG } from './role-catalog'

let server: TestServer
beforeAll(async () => { server = await startTestServer() })
afterAll(async () => { await server.close() })

test('a workspace created through the API starts with the role catalog, written by the server', async () => {
  const ada = await createTestUser(server.services, { role: null })
  const created = await call(server.url, 'POST', '/api/workspaces', { cookie: ada.cookie, origin: server.url, json: { name: 'Acme sales' } })
  expect(created.status).toBe(201)
  const rows = await server.services.storage.db.query<{ name: string; created_by: string }>(
    `select data->>'name' as name, created_by from records where workspace_id = $1 and type = 'relationship-role' order by id`, [created.json.id])
  expect(rows.map((r) => r.name)).toEqual(ROLE_CATALOG.map((r) => r.name))
  expect(new Set(rows.map((r) => r.created_by))).toEqual(new Set(['server']))
})
