import { expect, test } from 'vitest'
import { initials } from './initials'

test('initials take the first letters of the first and last name words, ignoring notes in brackets', () => {
  expect(initials('Ada Lovelace')).toBe('AL')
  expect(initials('Linus (guest)')).toBe('L')
  expect(initials('  ')).toBe('?')
  expect(initials('José María Pérez')).toBe('JP')
})
