import { expect, test } from 'vitest'
import { RECORD_TYPES } from '../records'
import { projectionInputs, projectValues, type RecordValues } from './projection'

const ID = '0199aaaa-0000-7000-8000-000000000001'
const OTHER = '0199aaaa-0000-7000-8000-000000000002'

/** Every shape a field's value can take that projectValues reads: text, a reference, a set, items. */
function perturbations(type: (typeof RECORD_TYPES)[number], key: string): unknown[] {
  const subs = Object.keys(type.fields[key]?.item ?? {})
  return ['Changed Name', OTHER, [OTHER], { item1: Object.fromEntries(subs.map((sub) => [sub, OTHER])) }, true, '']
}

function links(values: RecordValues, type: (typeof RECORD_TYPES)[number]) {
  const p = projectValues(type, ID, values)
  return [p.title, p.deleted, p.refs]
}

function search(values: RecordValues, type: (typeof RECORD_TYPES)[number]) {
  const p = projectValues(type, ID, values)
  return [p.searchText, p.searchBody]
}

test('an edit of a field outside the projection inputs leaves the title, deletion, references and search text as they were, for every field of every type', () => {
  for (const type of RECORD_TYPES) {
    const inputs = projectionInputs(type)
    const base: RecordValues = Object.fromEntries(Object.keys(type.fields).map((key) => [key, 'Base value']))
    for (const key of [...Object.keys(type.fields), 'deleted', 'ownerId']) {
      for (const value of perturbations(type, key)) {
        const edited = { ...base, [key]: value }
        if (!inputs.links.has(key)) expect(links(edited, type), `${type.type}.${key} links`).toEqual(links(base, type))
        if (!inputs.search.has(key)) expect(search(edited, type), `${type.type}.${key} search`).toEqual(search(base, type))
      }
    }
  }
})

test('the projection inputs of an account are its title, references, deletion and searched fields, not its other fields', () => {
  const account = RECORD_TYPES.find((t) => t.type === 'account')!
  const inputs = projectionInputs(account)
  expect(inputs.search.has('accountNumber')).toBe(true)
  expect(inputs.links.has('name')).toBe(true)
  expect(inputs.links.has('deleted')).toBe(true)
  expect(inputs.links.has('industry') || inputs.search.has('industry')).toBe(false)
})
