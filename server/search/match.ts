/**
 * Search as SQL over the `records` projection (migration 4): a WHERE fragment and a rank expression
 * for a table alias, so lists (`?q=`) and the cross-type search share one notion of a match.
 *
 * A record matches when its folded search text (names, emails, phone digits) contains every word
 * and phone of the query (substring, so prefixes and email fragments match; trigram GIN index), or
 * when the words are similar enough to some stretch of it (pg_trgm word similarity `<%`: one typo),
 * or when its title and long text hold every word as a prefix (tsvector GIN index). The rank is the
 * word similarity, plus a bonus when the search text starts with the query (the record is named so)
 * and when the full-text query matched.
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

export function searchWhere(q: string, alias: string, firstParam: number): SearchSql {
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

  const indexable = query.parts.some((p) => p.kind === 'phone' || p.any[0]!.length >= MIN_TRIGRAM_WORD)
  if (indexable) {
    ways.push(query.parts
      .map((p) => `(${p.any.map((s) => `${text} like ${param(`%${likePattern(s)}%`)}`).join(' or ')})`)
      .join(' and '))
  }
  if (query.words.length >= MIN_TRIGRAM_WORD) ways.push(`${param(query.words)} <% ${text}`)
  let fullText: string | null = null
  if (query.terms.length > 0) {
    fullText = `${alias}.search @@ to_tsquery('simple', ${param(query.terms.map((t) => `${t}:*`).join(' & '))})`
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
