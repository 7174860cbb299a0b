import { describe, expect, test } from 'vitest'
import { account } from '../../../shared/records/account'
import { activity } from '../../../shared/records/activity'
import { contact } from '../../../shared/records/contact'
import { boxText, parseBox, storedProblem } from './form-values'

const f = account.fields

describe('form values', () => {
  test('an over-long name is refused with the field\'s label and limit, and a fitting one is the text as typed', () => {
    expect(parseBox(f.name!, 'x'.repeat(161))).toEqual({ ok: false, problem: 'Account name is longer than 160 characters' })
    expect(parseBox(f.name!, 'Contoso ')).toEqual({ ok: true, value: 'Contoso ' })
  })

  test('emptying a required field is refused; emptying an optional one clears it', () => {
    expect(parseBox(f.name!, '  ')).toEqual({ ok: false, problem: 'Account name is required' })
    expect(parseBox(f.industry!, '')).toEqual({ ok: true, value: null })
  })

  test('numbers accept grouping separators, refuse words and fractions of whole numbers, and keep the range', () => {
    expect(parseBox(f.employees!, '1,200')).toEqual({ ok: true, value: 1200 })
    expect(parseBox(f.employees!, '12.5')).toEqual({ ok: false, problem: 'Employees must be a whole number' })
    expect(parseBox(f.employees!, '-3')).toEqual({ ok: false, problem: 'Employees must be at least 0' })
    expect(parseBox(f.annualRevenue!, '1 234.50')).toEqual({ ok: true, value: 1234.5 })
    expect(parseBox(f.annualRevenue!, 'lots')).toEqual({ ok: false, problem: 'Annual revenue must be a number' })
  })

  test('emails, phones and web addresses are checked as the server checks them', () => {
    expect(parseBox(f.email!, 'sales@contoso')).toEqual({ ok: false, problem: 'Email is not an email address' })
    expect(parseBox(f.phone!, '+1 (425) 555-0100')).toEqual({ ok: true, value: '+1 (425) 555-0100' })
    expect(parseBox(f.phone!, 'call me')).toEqual({ ok: false, problem: 'Main phone is not a phone number' })
    expect(parseBox(f.website!, 'contoso.example')).toEqual({ ok: true, value: 'contoso.example' })
  })

  test('enums accept only their values; dates must be real days', () => {
    expect(parseBox(f.type!, 'customer')).toEqual({ ok: true, value: 'customer' })
    expect(parseBox(f.type!, 'friend').ok).toBe(false)
    expect(parseBox(contact.fields.birthday!, '1990-02-30')).toEqual({ ok: false, problem: 'Birthday must be a date (YYYY-MM-DD)' })
    expect(parseBox(contact.fields.birthday!, '1990-02-28')).toEqual({ ok: true, value: '1990-02-28' })
  })

  test('a datetime shown in local time reads back as the same instant', () => {
    const iso = '2026-11-23T09:30:00.000Z'
    const shown = boxText(activity.fields.dueAt!, iso)
    expect(shown).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
    expect(parseBox(activity.fields.dueAt!, shown)).toEqual({ ok: true, value: iso })
    expect(parseBox(activity.fields.dueAt!, 'tomorrow')).toEqual({ ok: false, problem: 'Due must be a date and time' })
  })

  test('a stored value forced past the form is described in the form\'s words', () => {
    expect(storedProblem(f.name!, 'x'.repeat(200))).toBe('Account name is longer than 160 characters')
    expect(storedProblem(f.name!, 'Contoso')).toBeNull()
    expect(boxText(f.employees!, 1200)).toBe('1200')
    expect(boxText(f.employees!, null)).toBe('')
  })
})
