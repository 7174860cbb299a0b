import { afterAll, beforeAll, expect, test } from 'vitest'
import { account } from '../../shared/records/account'
import { contact } from '../../shared/records/contact'
import type { Storage } from '../storage/open-storage'
import { memoryStorage } from '../testing/test-server'
import { writeRecords } from '../testing/workspace-generator'
import { findDuplicates } from './duplicates'

const WS = 'dup-test'
const id = (n: number) => `01900000-0000-7000-8000-${String(n).padStart(12, '0')}`
const contoso = id(1), fabrikam = id(2), jose = id(3), anna = id(4), deleted = id(5), other = id(6)
let storage: Storage

beforeAll(async () => {
  storage = await memoryStorage()
  await writeRecords(storage.store, WS, [
    { type: account, id: contoso, values: { name: 'Contoso Ltd', phone: '+44 20 7946 0000' } },
    { type: account, id: fabrikam, values: { name: 'Fabrikam Inc.' } },
    { type: contact, id: jose, values: { firstName: 'José', lastName: 'Müller', accountId: contoso, email: 'Jose.Muller@Contoso.com', businessPhone: '+1 (425) 555-0100' } },
    { type: contact, id: anna, values: { firstName: 'Anna', lastName: 'Smith', accountId: contoso, email2: 'anna@example.org' } },
    { type: contact, id: deleted, values: { firstName: 'Old', lastName: 'Record', email: 'old@contoso.com', deleted: true } },
    { type: contact, id: other, values: { firstName: 'Jon', lastName: 'Smyth', accountId: fabrikam } },
  ])
})
afterAll(async () => { await storage.close() })

const dups = (type: typeof contact, values: Record<string, unknown>, self: string | null = null) =>
  findDuplicates(storage.db, WS, type, self, values)

test('a contact with an existing email, in another case and another email field, is a duplicate by email', async () => {
  expect(await dups(contact, { lastName: 'Someone', email3: 'jose.muller@contoso.COM' }))
    .toEqual([{ id: jose, type: 'contact', title: 'José Müller', reason: 'email' }])
  expect((await dups(contact, { lastName: 'X', email: 'anna@example.org' })).map((d) => d.id)).toEqual([anna])
})

test('a phone written in another format, with or without the country code, is a duplicate by phone', async () => {
  expect(await dups(contact, { lastName: 'Z', mobilePhone: '425.555.0100' })).toEqual([{ id: jose, type: 'contact', title: 'José Müller', reason: 'phone' }])
  expect((await dups(account, { name: 'Other', otherPhone: '020 7946 0000' })).map((d) => [d.id, d.reason])).toEqual([[contoso, 'phone']])
})

test('a very similar name in the same account is a duplicate by name, in another account it is not', async () => {
  expect(await dups(contact, { firstName: 'Jose', lastName: 'Muler', accountId: contoso })).toEqual([{ id: jose, type: 'contact', title: 'José Müller', reason: 'name' }])
  expect(await dups(contact, { firstName: 'Jose', lastName: 'Muler', accountId: fabrikam })).toEqual([])
  expect(await dups(contact, { firstName: 'Jose', lastName: 'Muler' })).toEqual([])
  expect((await dups(account, { name: 'Contoso Ltd.' })).map((d) => [d.id, d.reason])).toEqual([[contoso, 'name']])
})

test('different people, the record itself and deleted records are not duplicates', async () => {
  expect(await dups(contact, { firstName: 'Maria', lastName: 'García', accountId: contoso, email: 'maria@contoso.com', businessPhone: '+1 425 555 0199' })).toEqual([])
  expect(await dups(contact, { firstName: 'José', lastName: 'Müller', accountId: contoso, email: 'jose.muller@contoso.com' }, jose)).toEqual([])
  expect(await dups(contact, { lastName: 'New', email: 'old@contoso.com' })).toEqual([])
  expect(await dups(account, { name: 'Contoso Pharmaceuticals' })).toEqual([])
  expect(await dups(contact, { lastName: 'Short', businessPhone: '555-01' })).toEqual([])
})
