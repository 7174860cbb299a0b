/**
 * A record type's definition is checked when it is made, and what a record made in the app starts
 * with comes from its fields' `initial` values.
 */
import { expect, test } from 'vitest'
import { recordType } from '../records'
import { defineRecordType, initialValues } from './record-type'

const base = { type: 'thing', path: 'things', label: 'Thing', pluralLabel: 'Things', version: 1, titleFields: ['name'] }

test('a new case starts normal and in progress, a new activity an open task of normal priority, and an account with nothing', () => {
  expect(initialValues(recordType('case')!)).toEqual({ priority: 'normal', statusReason: 'in-progress' })
  expect(initialValues(recordType('activity')!)).toEqual({ kind: 'task', status: 'open', priority: 'normal' })
  expect(initialValues(recordType('account')!)).toEqual({})
})

test('an initial value its own field would refuse stops the definition, naming the field and why', () => {
  expect(() => defineRecordType({ ...base, fields: { name: { kind: 'string', label: 'Name' }, size: { kind: 'enum', label: 'Size', values: ['s', 'm'], initial: 'xl' } } }))
    .toThrow(/^thing\.size's initial value: /)
  expect(() => defineRecordType({ ...base, fields: { name: { kind: 'string', label: 'Name', max: 3, initial: 'too long' } } }))
    .toThrow(/^thing\.name's initial value: /)
})

test('only a client-written scalar can have an initial value', () => {
  expect(() => defineRecordType({ ...base, fields: { name: { kind: 'string', label: 'Name' }, notes: { kind: 'text', label: 'Notes', initial: 'x' } } }))
    .toThrow("thing.notes's initial value: only a client-written scalar has one")
  expect(() => defineRecordType({ ...base, fields: { name: { kind: 'string', label: 'Name' }, number: { kind: 'string', label: 'No.', writer: 'server', initial: 'x' } } }))
    .toThrow("thing.number's initial value: only a client-written scalar has one")
  expect(defineRecordType({ ...base, fields: { name: { kind: 'string', label: 'Name', initial: 'New thing' } } }).fields.name!.initial).toBe('New thing')
})
