/**
 * Every list query walks an index in its order (migration 5): for each type, each sort (title,
 * createdAt, updatedAt and each list field, both directions) and each filter with the default sort,
 * the plan has no Sort node even with sorting disabled — so an expression in record-query.ts that
 * drifts from its index fails here, not as a slow page at 100,000 records.
 */
import { afterAll, beforeAll, expect, test } from 'vitest'
import { RECORD_TYPES } from '../../../shared/records/index'
import type { Principal } from '../../auth/principal'
import type { Services } from '../../services'
import type { Storage } from '../../storage/open-storage'
import { memoryStorage } from '../../testing/test-server'
import type { Caller } from './record-access'
import { COMMON_SORTS, listFields, listRecords, parseListQuery } from './record-query'

let storage: Storage

beforeAll(async () => { storage = await memoryStorage() })
afterAll(async () => { await storage.close() })

const principal = { kind: 'user', user: { id: 'u1', email: 'u@example.test', name: 'U' }, sessionHash: '' } as unknown as Principal
const caller: Caller = { principal, workspaceId: 'demo', role: 'owner' }

/** The plan of the one query a list runs, with sorting disabled so only an index can order it. */
async function planOf(type: (typeof RECORD_TYPES)[number], query: Record<string, string>): Promise<string> {
  let plan = ''
  const db = {
    kind: 'pglite',
    async query(text: string, params: unknown[]) {
      const rows = await storage.db.transaction(async (tx) => {
        await tx.query('set local enable_sort = off')
        return tx.query<{ 'QUERY PLAN': string }>(`explain ${text}`, params)
      })
      plan = rows.map((row) => row['QUERY PLAN']).join('\n')
      return []
    },
  }
  const access = { role: async () => 'owner', canManage: () => true, privateTypesOf: async () => [] }
  const services = { storage: { db }, access } as unknown as Services
  await listRecords(services, { caller, type }, parseListQuery(type, query, null), null)
  return plan
}

test('every sort of every type, in both directions, reads its index in order', async () => {
  for (const type of RECORD_TYPES) {
    for (const sort of [...COMMON_SORTS, ...listFields(type)]) {
      for (const spec of [sort, `-${sort}`]) {
        const plan = await planOf(type, { sort: spec })
        expect(plan, `${type.path}?sort=${spec}\n${plan}`).not.toMatch(/\bSort\b/)
        expect(plan, `${type.path}?sort=${spec}`).toMatch(/Index Scan/)
      }
    }
  }
})

test('a filter on any list field, in the default title order, reads that field\'s own index in order', async () => {
  for (const type of RECORD_TYPES) {
    for (const field of listFields(type)) {
      const plan = await planOf(type, { [field]: type.fields[field]!.kind === 'integer' || type.fields[field]!.kind === 'money' ? '1' : 'x' })
      expect(plan, `${type.path}?${field}=…\n${plan}`).not.toMatch(/\bSort\b/)
      const isTitle = type.titleFields.length === 1 && type.titleFields[0] === field
      const index = isTitle ? 'records_by_title' : `records_${type.type.replace(/-/g, '_')}_${field.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`
      expect(plan, `${type.path}?${field}=…\n${plan}`).toContain(`using ${index} `)
    }
  }
})
