import { expect, test } from 'vitest'
import type { HistoryEntry } from './record-api'
import { lostNoticesFromHistory } from './lost-from-history'

const NOW = Date.parse('2026-11-22T12:00:00Z')
const ME = 'me-id'
const entry = (id: string, field: string, kind: 'edit' | 'lost', actor: string, value: unknown, minutesAgo: number): HistoryEntry => ({
  id, field, old: null, new: value, kind, actor: { id: actor, name: actor === `user:${ME}` ? 'Me' : 'Cora Colleague' },
  at: new Date(NOW - minutesAgo * 60_000).toISOString(),
})

test('my value recorded as lost becomes a notice naming the winner and both values', () => {
  const history = [
    entry('2', 'industry', 'edit', 'user:cora', 'Automotive', 10),
    entry('1', 'industry', 'lost', `user:${ME}`, 'Aerospace', 10),
  ]
  expect(lostNoticesFromHistory(history, ME, { industry: 'Automotive' }, new Set(), NOW)).toEqual([
    { entryId: '1', field: 'industry', mine: 'Aerospace', theirs: 'Automotive', by: 'Cora Colleague' },
  ])
})

test('no notice once I wrote the field again, dismissed it, it is old, the field holds my value, or the loss was someone else\'s', () => {
  const lost = entry('1', 'industry', 'lost', `user:${ME}`, 'Aerospace', 10)
  expect(lostNoticesFromHistory([entry('3', 'industry', 'edit', `user:${ME}`, 'Energy', 1), lost], ME, { industry: 'Energy' }, new Set(), NOW)).toEqual([])
  expect(lostNoticesFromHistory([lost], ME, { industry: 'Automotive' }, new Set(['1']), NOW)).toEqual([])
  expect(lostNoticesFromHistory([entry('1', 'industry', 'lost', `user:${ME}`, 'Aerospace', 8 * 24 * 60)], ME, { industry: 'X' }, new Set(), NOW)).toEqual([])
  expect(lostNoticesFromHistory([lost], ME, { industry: 'Aerospace' }, new Set(), NOW)).toEqual([])
  expect(lostNoticesFromHistory([entry('1', 'industry', 'lost', 'user:cora', 'Retail', 5)], ME, { industry: 'X' }, new Set(), NOW)).toEqual([])
})
