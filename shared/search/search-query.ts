/**
 * What someone typed into a search box, taken apart once: folded the way the index is folded
 * (shared/search/fold.ts), split into words, with phone numbers recognised as digits whatever their
 * punctuation. The server turns it into SQL (server/search/match.ts); a client can use the same
 * parts to match its own offline records.
 */
import { fold, phoneVariants } from './fold'

export interface SearchPart {
  kind: 'word' | 'phone'
  /** What the record's search text must contain: the word, or one of the phone's digit forms. */
  any: string[]
}

export interface SearchQuery {
  /** The folded query with phone numbers as digits: what ranking compares the search text with. */
  text: string
  /** The folded words only (no phone digits): what typo-tolerant matching compares. */
  words: string
  parts: SearchPart[]
  /** Alphanumeric runs of the words, for a full-text prefix query over titles and long text. */
  terms: string[]
}

/** The longest query taken into account: longer input is cut, not refused (a pasted paragraph). */
export const MAX_QUERY_LENGTH = 200
const PHONE_CHARS = /^[+\d\s().\-/]+$/
const MIN_PHONE_DIGITS = 5

export function parseSearchQuery(input: string): SearchQuery {
  const raw = input.slice(0, MAX_QUERY_LENGTH)
  const parts: SearchPart[] = []
  const words: string[] = []
  const digitsOf = (s: string) => s.replace(/\D/g, '')
  if (PHONE_CHARS.test(raw) && digitsOf(raw).length >= MIN_PHONE_DIGITS) {
    parts.push({ kind: 'phone', any: phoneVariants(raw) })
  } else {
    for (const token of fold(raw).split(' ')) {
      if (token === '') continue
      if (PHONE_CHARS.test(token) && digitsOf(token).length >= MIN_PHONE_DIGITS) parts.push({ kind: 'phone', any: phoneVariants(token) })
      else {
        parts.push({ kind: 'word', any: [token] })
        words.push(token)
      }
    }
  }
  const terms = words.flatMap((w) => w.match(/[\p{L}\p{N}]+/gu) ?? [])
  const text = parts.map((p) => p.any[0]).join(' ')
  return { text, words: words.join(' '), parts, terms }
}
