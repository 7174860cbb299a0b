import { afterAll, beforeAll, expect, test } from 'vitest'
import { account } from '../../shared/records/account'
import { contact } from '../../shared/records/contact'
import type { Storage } from '../storage/open-storage'
import { memoryStorage } from '../testing/test-server'
import { writeRecords, type GeneratedRecord } from '../testing/workspace-generator'
import { searchWhere } from './match'
import { searchRecords } from './search'
import { typoAlternatives } from './typo-alternatives'

const WS = 'match-test'
const ids = {
  jose: '01900000-0000-7000-8000-000000000001',
  zoe: '01900000-0000-7000-8000-000000000002',
  contoso: '01900000-0000-7000-8000-000000000003',
  percent: '01900000-0000-7000-8000-000000000004',
}
let storage: Storage

beforeAll(async () => {
  storage = await memoryStorage()
  const records: GeneratedRecord[] = [
    { type: contact, id: ids.jose, values: { firstName: 'José', lastName: 'Müller', email: 'jose.muller@contoso.com', businessPhone: '+1 (425) 555-0100' } },
    { type: contact, id: ids.zoe, values: { firstName: 'Zoë', lastName: 'Lefèvre', email: 'zoe@fabrikam.fr', mobilePhone: '020 7946 0958', notes: 'Prefers the quarterly invoice by post' } },
    { type: account, id: ids.contoso, values: { name: 'Contoso Pharmaceuticals', phone: '+33 1 42 68 53 00' } },
    { type: account, id: ids.percent, values: { name: '100% Natural_Foods' } },
  ]
  await writeRecords(storage.store, WS, records)
})
afterAll(async () => { await storage.close() })

async function search(q: string, alternatives?: Map<string, string[]>): Promise<string[]> {
  const m = searchWhere(q, 's', 2, alternatives ? { alternatives } : {})
  const rows = await storage.db.query<{ id: string }>(
    `select r.id from records r join record_search s on s.workspace_id = r.workspace_id and s.id = r.id where r.workspace_id = $1 and ${m.sql} order by ${m.rank} desc, r.id`, [WS, ...m.params])
  return rows.map((r) => r.id)
}

test('a name matches without its accents and by a prefix', async () => {
  expect(await search('Jose Muller')).toEqual([ids.jose])
  expect(await search('josé mül')).toEqual([ids.jose])
  expect(await search('Zoe Lefevre')).toEqual([ids.zoe])
})

test('a misspelt word matches only through the alternatives given for it', async () => {
  expect(await search('Jose Mulller')).toEqual([])
  expect(await search('Jose Mulller', new Map([['mulller', ['muller']]]))).toEqual([ids.jose])
})

test('typo alternatives are the workspace\'s words nearest a misspelt query word, and the search uses them when it finds too little', async () => {
  const alternatives = await typoAlternatives(storage.db, WS, 'Jose Mulller lefevr')
  expect(alternatives.get('mulller')?.[0]).toBe('muller')
  expect(alternatives.get('lefevr')?.[0]).toBe('lefevre')
  expect((await typoAlternatives(storage.db, 'another-workspace', 'mulller')).size).toBe(0)
  expect((await searchRecords(storage.db, WS, 'Jose Mulller', { limit: 5 })).map((h) => h.id)).toEqual([ids.jose])
})

test('an email fragment and a phone in another format match', async () => {
  expect(await search('muller@cont')).toEqual([ids.jose])
  expect(await search('425.555.0100')).toEqual([ids.jose])
  expect(await search('+44 20 7946 0958')).toEqual([ids.zoe])
  expect(await search('01 42 68 53 00')).toEqual([ids.contoso])
})

test('a company name ranks the company before records that only mention it', async () => {
  expect((await search('contoso'))[0]).toBe(ids.contoso)
})

test('a word of a long text matches by full-text prefix', async () => {
  expect(await search('quarter invoice')).toEqual([ids.zoe])
})

test('LIKE wildcards in the query are taken literally, and an empty query matches nothing', async () => {
  expect(await search('100%')).toEqual([ids.percent])
  expect(await search('natural_f')).toEqual([ids.percent])
  expect(await search('%')).toEqual([])
  expect(await search('   ')).toEqual([])
})

test('an alias that is not an identifier is refused', () => {
  expect(() => searchWhere('x', 'r; drop table records', 1)).toThrow(/not a table alias/)
})
