import { expect, test } from 'vitest'
import { RECORD_TYPES } from '../../../shared/records'
import { activity } from '../../../shared/records/activity'
import { serviceCase } from '../../../shared/records/case'
import { sectionsOf } from './record-sections'

test('every field of every type shows in exactly one section, except the type halves of polymorphic references', () => {
  for (const type of RECORD_TYPES) {
    const shown = sectionsOf(type).flatMap((s) => s.fields.map(([key]) => key))
    const typeHalves = Object.values(type.fields).map((d) => d.typeField).filter(Boolean)
    expect(new Set(shown).size).toBe(shown.length)
    expect(shown.sort()).toEqual(Object.keys(type.fields).filter((k) => !typeHalves.includes(k)).sort())
  }
})

test('a case shows its customer, status and priority in the schema\'s sections; a type without sections gets Details and System', () => {
  const caseSections = sectionsOf(serviceCase)
  expect(caseSections.map((s) => s.title)).toEqual(['Summary', 'Details', 'Resolution', 'System'])
  expect(caseSections[0]!.fields.map(([k]) => k)).toEqual(['title', 'caseNumber', 'customerId', 'status'])
  expect(caseSections[1]!.fields.map(([k]) => k)).toContain('priority')
  const activitySections = sectionsOf(activity)
  expect(activitySections.map((s) => s.title)).toEqual(['Details', 'System'])
  expect(activitySections[0]!.fields.map(([k]) => k)).not.toContain('regardingType')
})
