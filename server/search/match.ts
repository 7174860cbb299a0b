/**
 * Search as SQL over the records' search columns (indexes in migration 4, their own table
 * `record_search` since migration 7: join it to `records` by workspace and id): a WHERE fragment and
 * a rank expression for an alias of it, so lists (`?q=`) and the cross-type search share one notion
 * of a match.
 *
 * A record matches when its folded search text (names, emails, phone digits) contains every word
 * and phone of the query (substring, so prefixes and email fragments match; trigram GIN index), a
 * word or one of its typo corrections (`alternatives`, from server/search/typo-alternatives.ts), or
 * when its title and long text hold every word as a prefix (tsvector GIN index). The rank is pg_trgm
 * word similarity of the query to the search text, so the closest spelling wins, plus a bonus when
 * the search text starts with the query (the record is named so) and when the full-text query
 * matched. Typo tolerance is not a similarity scan over every record: that reads the posting lists
 * of common trigrams ("com" of every email) and is too slow at a few hundred thousand records.
 */
import { parseSearchQuery } from '../../shared/search/search-query'

export interface SearchSql {
  /** A boolean SQL expression over the alias, parameters from `$firstParam`. */
  sql: string
  params: unknown[]
  /** A numeric SQL expression over the alias, higher is better, using the same parameters. */
  rank: string
}

/** Words shorter than this cannot use the trigram index; matched by full-text prefix instead. */
const MIN_TRIGRAM_WORD = 3

export interface SearchWhereOptions {
  /** Other spellings to accept for a query word (its typo corrections), by the folded word. */
  alternatives?: ReadonlyMap<string, readonly string[]>
}

export function searchWhere(q: string, alias: string, firstParam: number, options: SearchWhereOptions = {}): SearchSql {
  if (!/^[a-z_][a-z0-9_]*$/i.test(alias)) throw new Error(`searchWhere: ${alias} is not a table alias`)
  const query = parseSearchQuery(q)
  if (query.parts.length === 0) return { sql: 'false', params: [], rank: '0::real' }
  const params: unknown[] = []
  const param = (value: unknown) => {
    params.push(value)
    return `$${firstParam + params.length - 1}`
  }
  const text = `${alias}.search_text`
  const ways: string[] = []

  const parts = query.parts.map((p) => (p.kind === 'word' ? [...p.any, ...(options.alternatives?.get(p.any[0]!) ?? [])] : p.any))
  if (parts.some((any) => any.every((s) => s.length >= MIN_TRIGRAM_WORD))) {
    ways.push(parts.map((any) => `(${any.map((s) => `${text} like ${param(`%${likePattern(s)}%`)}`).join(' or ')})`).join(' and '))
  }
  // One-letter prefixes ("Olivia B") would make the full-text index read most of its entries.
  const terms = query.terms.some((t) => t.length >= 2) ? query.terms.filter((t) => t.length >= 2) : query.terms
  let fullText: string | null = null
  if (terms.length > 0) {
    fullText = `${alias}.search @@ to_tsquery('simple', ${param(terms.map((t) => `${t}:*`).join(' & '))})`
    ways.push(fullText)
  }
  const sql = ways.length > 0 ? `(${ways.join(' or ')})` : 'false'
  const rank = `(word_similarity(${param(query.text)}, ${text})` +
    ` + case when ${text} like ${param(`${likePattern(query.text)}%`)} then 0.5 else 0 end` +
    (fullText ? ` + case when ${fullText} then 0.2 else 0 end` : '') + ')'
  return { sql, params, rank }
}

/** A literal for LIKE: its wildcards and the escape character taken literally. */
function likePattern(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`)
}
