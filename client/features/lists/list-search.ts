/**
 * Search as you type over a list's rows, on this device. At 100,000 rows a keystroke must cost
 * well under 50 ms, so:
 *  - each row's folded haystack (title and searchable fields, phone digits) is made once per row
 *    object (a WeakMap: the catalog keeps a row's object until the row changes), with a fast path
 *    for plain ASCII text (Unicode normalization is the slow part of folding);
 *  - a search index holds the haystacks in a plain array beside the rows, so a keystroke is one
 *    pass of `includes` over strings (a WeakMap read per row per keystroke would cost ~20 ms);
 *  - a query that extends the previous one narrows the previous result instead of reading every
 *    row again.
 *
 * Matching: every word of the query must occur in the haystack (accents and case ignored: José
 * finds Jose); a word with three or more digits also matches phone numbers written another way.
 */
import { recordType } from '../../../shared/records'
import { fold, phoneDigits } from '../../../shared/search/fold'
import type { CatalogListRow } from '../../sync/catalog'

const haystacks = new WeakMap<CatalogListRow, string>()
const SEPARATOR = '\u0001'
const PLAIN = /^[\x20-\x7e]*$/

/** `fold` (shared/search/fold.ts), without its Unicode work when the text is plain ASCII. */
export function quickFold(value: string): string {
  return PLAIN.test(value) ? value.toLowerCase().replace(/ {2,}/g, ' ').trim() : fold(value)
}

const searchedByType = new Map<string, Array<{ key: string; phone: boolean }>>()

/** A type's searchable fields; long texts stay out (the server search's job; they would make every haystack large). */
function searchedFields(type: string): Array<{ key: string; phone: boolean }> {
  let fields = searchedByType.get(type)
  if (!fields) {
    fields = Object.entries(recordType(type)?.fields ?? {})
      .filter(([, def]) => def.search && def.kind !== 'text')
      .map(([key, def]) => ({ key, phone: def.kind === 'phone' }))
    searchedByType.set(type, fields)
  }
  return fields
}

/** The folded text a row is searched in (made once per row object). */
export function haystackOf(row: CatalogListRow): string {
  let haystack = haystacks.get(row)
  if (haystack !== undefined) return haystack
  const parts = [quickFold(row.title)]
  for (const { key, phone } of searchedFields(row.type)) {
    const value = row.fields[key]
    if (typeof value !== 'string' || value === '') continue
    parts.push(quickFold(value))
    if (phone) parts.push(phoneDigits(value))
  }
  // Joined, not concatenated: a flat string, which the first search need not flatten.
  haystack = parts.join(SEPARATOR)
  haystacks.set(row, haystack)
  return haystack
}

/** Rows with their haystacks beside them, in the same order. */
export interface SearchIndex {
  rows: readonly CatalogListRow[]
  haystacks: readonly string[]
}

/** Indexes by the rows array they index: a list and the palette reading one array share one. */
const indexes = new WeakMap<readonly CatalogListRow[], SearchIndex>()

export function searchIndex(rows: readonly CatalogListRow[]): SearchIndex {
  let index = indexes.get(rows)
  if (!index) {
    index = { rows, haystacks: rows.map(haystackOf) }
    indexes.set(rows, index)
  }
  return index
}

export interface SearchTerm {
  text: string
  /** The term's digits, when it has three or more (a phone typed with spaces or dashes). */
  digits: string | null
}

export function searchTerms(query: string): SearchTerm[] {
  return quickFold(query).split(' ').filter((t) => t !== '').map((text) => {
    const digits = text.replace(/\D/g, '')
    return { text, digits: digits.length >= 3 && digits !== text ? digits : null }
  })
}

function matchesHaystack(haystack: string, terms: readonly SearchTerm[]): boolean {
  for (const term of terms) {
    if (haystack.includes(term.text)) continue
    if (term.digits !== null && haystack.includes(term.digits)) continue
    return false
  }
  return true
}

export function rowMatches(row: CatalogListRow, terms: readonly SearchTerm[]): boolean {
  return matchesHaystack(haystackOf(row), terms)
}

/** The positions in the index of the rows that match, in order. */
function matchingPositions(index: SearchIndex, terms: readonly SearchTerm[], among: readonly number[] | null): number[] {
  const found: number[] = []
  const { haystacks: all } = index
  if (among) {
    for (const i of among) if (matchesHaystack(all[i]!, terms)) found.push(i)
  } else {
    for (let i = 0; i < all.length; i++) if (matchesHaystack(all[i]!, terms)) found.push(i)
  }
  return found
}

export function searchRows(rows: readonly CatalogListRow[], query: string): readonly CatalogListRow[] {
  const terms = searchTerms(query)
  return terms.length === 0 ? rows : rows.filter((row) => rowMatches(row, terms))
}

/**
 * A searcher that remembers its last answer: on the same index, a query that only added to the
 * last one (typing on) looks at the last result's rows only.
 */
export function makeSearcher(): (index: SearchIndex, query: string) => readonly CatalogListRow[] {
  let last: { index: SearchIndex; words: string[]; positions: number[] | null } | null = null
  return (index, query) => {
    const terms = searchTerms(query)
    if (terms.length === 0) {
      last = { index, words: [], positions: null }
      return index.rows
    }
    const narrower = last !== null && last.index === index && last.positions !== null && extendsWords(last.words, terms)
    const positions = matchingPositions(index, terms, narrower ? last!.positions : null)
    last = { index, words: terms.map((t) => t.text), positions }
    return positions.map((i) => index.rows[i]!)
  }
}

/**
 * True when whatever matches `after` matched `before`: each word of `before` is the start of the
 * word at its place in `after` (typing "jo" then "jos", or "jo" then "jo m"). A word also matched
 * by its digits (a phone typed with dashes) may match rows the shorter word did not, so it never
 * narrows.
 */
function extendsWords(before: readonly string[], after: readonly SearchTerm[]): boolean {
  return after.every((t) => t.digits === null) && before.every((word, i) => after[i] !== undefined && after[i]!.text.startsWith(word))
}

/**
 * Builds the search index of `rows` in small slices while the browser is idle, so the first
 * keystroke finds it made (100,000 rows take a few hundred milliseconds in one go); `done` gets it.
 * Returns the cancel.
 */
export function buildIndexWhenIdle(rows: readonly CatalogListRow[], schedule: (work: () => void) => () => void, done: (index: SearchIndex) => void, slice = 5000): () => void {
  const ready = indexes.get(rows)
  if (ready) {
    done(ready)
    return () => {}
  }
  const built: string[] = new Array<string>(rows.length)
  let at = 0
  let cancel = () => {}
  const step = () => {
    const end = Math.min(rows.length, at + slice)
    for (; at < end; at++) built[at] = haystackOf(rows[at]!)
    if (at < rows.length) cancel = schedule(step)
    else {
      const index = indexes.get(rows) ?? { rows, haystacks: built }
      indexes.set(rows, index)
      done(index)
    }
  }
  cancel = schedule(step)
  return () => cancel()
}
