import { describe, expect, test } from 'vitest'
import { fold } from '../../../shared/search/fold'
import { haystackOf, makeSearcher, quickFold, searchIndex, searchRows, buildIndexWhenIdle } from './list-search'
import { testRow } from './list-test-rows'

const contacts = [
  testRow('contact', { firstName: 'José', lastName: 'Álvarez', email: 'jose@fabrikam.example', businessPhone: '+1 (425) 555-0100', jobTitle: 'Buyer' }),
  testRow('contact', { firstName: 'Yvonne', lastName: 'McKay', email: 'yvonne@contoso.example', notes: 'Knows José well' }),
  testRow('contact', { firstName: 'Jon', lastName: 'Müller', mobilePhone: '020 7946 0958' }),
]

describe('searchRows', () => {
  test('finds a name typed without its accents and in another case', () => {
    expect(searchRows(contacts, 'jose ALVA').map((r) => r.title)).toEqual(['José Álvarez'])
    expect(searchRows(contacts, 'muller').map((r) => r.title)).toEqual(['Jon Müller'])
  })

  test('every word must match, in any field searched: a name and a part of an email', () => {
    expect(searchRows(contacts, 'yvonne contoso').map((r) => r.title)).toEqual(['Yvonne McKay'])
    expect(searchRows(contacts, 'yvonne fabrikam')).toEqual([])
  })

  test('finds a phone typed with other separators, by its digits', () => {
    expect(searchRows(contacts, '555 0100').map((r) => r.title)).toEqual(['José Álvarez'])
    expect(searchRows(contacts, '425-555-0100').map((r) => r.title)).toEqual(['José Álvarez'])
    expect(searchRows(contacts, '7946-0958').map((r) => r.title)).toEqual(['Jon Müller'])
  })

  test('long texts and fields that are not searchable are left out of the local search', () => {
    expect(haystackOf(contacts[1]!)).not.toContain('knows')
    expect(searchRows(contacts, 'buyer')).toEqual([])
  })

  test('an empty or blank query gives every row back, in order', () => {
    expect(searchRows(contacts, '')).toBe(contacts)
    expect(searchRows(contacts, '   ')).toBe(contacts)
  })

  test('a row\'s haystack is made once per row object', () => {
    expect(haystackOf(contacts[0]!)).toBe(haystackOf(contacts[0]!))
  })
})

/** A small seeded generator (mulberry32), so a failing run can be replayed. */
function random(seed: number): () => number {
  let a = seed
  return () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

test('a searcher that narrows its last result gives the same rows as a fresh search, keystroke after keystroke (seeded)', () => {
  const seed = Number(process.env.SEED ?? Date.now() % 100000)
  console.log(`list search narrowing seed: ${seed}`)
  const next = random(seed)
  const letters = 'aejmnoruy 5-0é'
  const names = ['José', 'Jon', 'Yvonne', 'Mary', 'Jörn', 'Ana', 'Renée', 'Ruy']
  const rows = Array.from({ length: 300 }, (_, i) => testRow('contact', {
    firstName: names[Math.floor(next() * names.length)], lastName: `${names[Math.floor(next() * names.length)]}son`,
    businessPhone: i % 3 === 0 ? `555-0${Math.floor(next() * 1000)}` : undefined,
  }))
  const search = makeSearcher()
  const index = searchIndex(rows)
  let query = ''
  for (let step = 0; step < 400; step++) {
    const r = next()
    if (r < 0.7) query += letters[Math.floor(next() * letters.length)]
    else if (r < 0.9) query = query.slice(0, -1)
    else query = ''
    expect(search(index, query).map((row) => row.id), `seed ${seed}, query "${query}"`).toEqual(searchRows(rows, query).map((row) => row.id))
  }
})

test('a searcher searches again from all rows when the rows changed, even if the query only grew', () => {
  const search = makeSearcher()
  expect(search(searchIndex(contacts), 'jo').map((r) => r.title)).toEqual(['José Álvarez', 'Jon Müller'])
  const added = [...contacts, testRow('contact', { firstName: 'Joan', lastName: 'Smith' })]
  expect(search(searchIndex(added), 'joa').map((r) => r.title)).toEqual(['Joan Smith'])
})

test('the quick fold of plain text is the shared fold, and other text goes through the shared fold', () => {
  for (const text of ['  Contoso   LTD ', 'a-b_c@d.example', 'José Müller', 'Straße', '']) expect(quickFold(text)).toBe(fold(text))
})

test('an index built when idle is made in slices, one per scheduled turn, is the same as one made at once, and stops when cancelled', () => {
  const rows = Array.from({ length: 5 }, (_, i) => testRow('account', { name: `Warm ${i}` }))
  const turns: Array<() => void> = []
  const schedule = (work: () => void) => { turns.push(work); return () => { turns.length = 0 } }
  const built: unknown[] = []
  buildIndexWhenIdle(rows, schedule, (index) => built.push(index), 2)
  expect(turns).toHaveLength(1)
  turns.shift()!()
  turns.shift()!()
  expect(built).toEqual([])
  turns.shift()!()
  expect(turns).toHaveLength(0)
  expect(built).toEqual([searchIndex(rows)])
  const more = Array.from({ length: 5 }, (_, i) => testRow('account', { name: `Cold ${i}` }))
  const cancel = buildIndexWhenIdle(more, schedule, (index) => built.push(index), 2)
  turns.shift()!()
  cancel()
  expect(turns).toHaveLength(0)
  expect(built).toHaveLength(1)
})
