import { expect, test } from 'vitest'
import { account } from '../records/account'
import { contact } from '../records/contact'
import { valueProblem } from './values'
import { validateValues } from './validate'

const f = account.fields

test('emails, phones and web addresses people write are accepted, and what is not one is named', () => {
  expect(valueProblem(f.email!, 'yvonne.mckay@contoso.example')).toBeNull()
  expect(valueProblem(f.email!, 'not-an-email')).toBe('is not an email address')
  for (const phone of ['+1 (425) 555-0100', '425.555.0100', '0044 20 7946 0958 ext. 12']) expect(valueProblem(f.phone!, phone)).toBeNull()
  expect(valueProblem(f.phone!, 'call me')).toBe('is not a phone number')
  expect(valueProblem(f.website!, 'https://contoso.example/about')).toBeNull()
  expect(valueProblem(f.website!, 'contoso')).toBe('is not a web address')
})

test('a value of the wrong type, over its length, off its enum or out of range is refused with the reason', () => {
  expect(valueProblem(f.name!, 42)).toBe('must be text')
  expect(valueProblem(f.name!, 'x'.repeat(161))).toBe('is longer than 160 characters')
  expect(valueProblem(f.type!, 'friend')).toMatch(/^must be one of: customer, prospect/)
  expect(valueProblem(f.employees!, 2.5)).toBe('must be a whole number')
  expect(valueProblem(f.employees!, -1)).toBe('must be at least 0')
  expect(valueProblem(contact.fields.birthday!, '2026-02-30')).toBe('must be a date (YYYY-MM-DD)')
  expect(valueProblem(f.parentAccountId!, 'not-an-id')).toBe('must be a record id')
})

test('a NUL character is refused in short and long text, since the database could never store it', () => {
  expect(valueProblem(f.industry!, 'a\u0000b')).toBe('contains a NUL character')
  expect(valueProblem(f.description!, 'a\u0000b')).toBe('contains a NUL character')
})

test('half of a surrogate pair is refused (it is not Unicode), a whole pair such as an emoji is kept', () => {
  const unpaired = 'contains an unpaired UTF-16 surrogate (not valid Unicode)'
  expect(valueProblem(f.industry!, 'a\ud800b')).toBe(unpaired)
  expect(valueProblem(f.industry!, 'end\ud83d')).toBe(unpaired)
  expect(valueProblem(f.description!, '\udc00start')).toBe(unpaired)
  expect(valueProblem(f.industry!, 'Retail \ud83d\ude00')).toBeNull()
})

test('a create names every missing required field and every bad one at once; a patch checks only what it has', () => {
  expect(validateValues(contact, { email: 'x' }, { partial: false })).toEqual({
    email: 'Email is not an email address', lastName: 'Last name is required',
  })
  expect(validateValues(contact, { jobTitle: 'Buyer' }, { partial: true })).toEqual({})
  expect(validateValues(account, { createdBy: 'me', shoeSize: 1 }, { partial: true })).toEqual({
    createdBy: 'createdBy is set by the server only', shoeSize: 'Account has no field "shoeSize"',
  })
})
