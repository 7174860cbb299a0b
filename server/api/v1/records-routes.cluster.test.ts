/**
 * The record API's SQL on PostgreSQL (the unit suites run it on PGlite): migration 5's indexes,
 * lists with filters, numeric and text sorts and keyset pages, private-type visibility with its
 * text[] parameter, full-text q, history and If-Match.
 */
import { beforeAll, expect, test } from 'vitest'
import { call } from '../../security/support'
import { freshPostgresStorage } from '../../testing/postgres-storage'
import { recordApiBed } from '../../testing/record-api-bed'
import { createTestUser, type TestUser } from '../../testing/test-users'

/** This file's server over a PostgreSQL schema of its own, and a workspace owned by Olivia Owner. */
const bed = recordApiBed('Cluster Co', async () => ({ storage: await freshPostgresStorage() }))
let member: TestUser

beforeAll(async () => {
  member = await createTestUser(bed.server.services, { role: 'member', workspaceId: bed.ws, name: 'Mel Member' })
})

const api = (method: string, path: string, json?: unknown, user = bed.owner, headers: Record<string, string> = {}) => bed.call(user, method, path, json, headers)

test('lists filter, sort and page on PostgreSQL as on PGlite', async () => {
  const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo']
  for (const [i, name] of names.entries()) {
    expect((await api('POST', '/accounts', { name, industry: i % 2 === 0 ? 'Retail' : 'Energy', employees: (i * 37) % 100 })).status).toBe(201)
  }
  const titles = (answer: { json: { items: Array<{ fields: { name: string } }> } }) => answer.json.items.map((r) => r.fields.name)
  expect(titles(await api('GET', '/accounts'))).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo'])
  expect(titles(await api('GET', '/accounts?sort=-employees'))).toEqual(['Charlie', 'Echo', 'alpha', 'bravo', 'Delta'])
  expect(titles(await api('GET', '/accounts?industry=RETAIL'))).toEqual(['Charlie', 'Delta', 'Echo'])
  expect(titles(await api('GET', '/accounts?q=charl'))).toEqual(['Charlie'])
  const seen: string[] = []
  let cursor: string | null = null
  do {
    const page: Awaited<ReturnType<typeof api>> = await api('GET', `/accounts?sort=industry&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
    seen.push(...titles(page))
    cursor = page.json.next
  } while (cursor)
  // Energy: bravo (3), alpha (1); Retail: Charlie, Delta, Echo — by industry, then title.
  expect(seen).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo'])
})

test('private types, If-Match and history work on PostgreSQL', async () => {
  const account = (await api('POST', '/accounts', { name: 'Private Co' })).json.id as string
  const kase = await api('POST', '/cases', { title: 'Secret', customerType: 'account', customerId: account })
  expect(kase.status).toBe(201)
  expect((await call(bed.server.url, 'PUT', `/api/workspaces/${bed.ws}/private-types`, { cookie: bed.owner.cookie, json: { types: ['case'] } })).status).toBe(200)
  expect((await api('GET', '/cases', undefined, member)).json.items).toEqual([])
  expect((await api('GET', `/cases/${kase.json.id}`, undefined, member)).status).toBe(404)
  expect((await api('GET', '/cases')).json.items).toHaveLength(1)
  const stale = await api('PATCH', `/accounts/${account}`, { industry: 'X' }, bed.owner, { 'if-match': '"0"' })
  expect(stale.status).toBe(412)
  expect((await api('PATCH', `/accounts/${account}`, { industry: 'Y' }, member)).status).toBe(200)
  const history = (await api('GET', `/accounts/${account}/history`)).json.items
  expect(history[0]).toMatchObject({ field: 'industry', new: 'Y', actor: { id: `user:${member.user.id}`, name: 'Mel Member' } })
})
