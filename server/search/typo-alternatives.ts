/**
 * Typo correction for search: for each word of a query that is long enough to have a typo, the
 * words of the workspace's search texts that look most like it (pg_trgm similarity over the
 * `search_words` dictionary, migration 4). A search that finds too little is run again accepting
 * these spellings too (server/search/search.ts); ranking by word similarity to what was typed then
 * puts the closest spelling first. "Mulller" finds "muller", "Schäfr" finds "schafer".
 */
import { parseSearchQuery } from '../../shared/search/search-query'
import type { SqlDatabase } from '../storage/sql'

/** Words shorter than this are left alone: a typo in three letters is another word. */
export const MIN_CORRECTED_WORD = 4
/** Spellings kept per word, most similar first. */
export const ALTERNATIVES_PER_WORD = 3
/**
 * How alike a spelling must be (pg_trgm similarity): lower than pg_trgm's 0.3, because one swapped
 * pair of letters in a short name already costs half its trigrams ("evnas" and "evans": 0.2).
 */
export const TYPO_SIMILARITY = 0.2

export async function typoAlternatives(db: SqlDatabase, workspaceId: string, q: string): Promise<Map<string, string[]>> {
  const words = parseSearchQuery(q).parts
    .filter((p) => p.kind === 'word' && p.any[0]!.length >= MIN_CORRECTED_WORD && /^[\p{L}\p{N}]+$/u.test(p.any[0]!))
    .map((p) => p.any[0]!)
  const alternatives = new Map<string, string[]>()
  if (words.length === 0) return alternatives
  // `%` takes its threshold from the session; set it for this transaction only (a pooled
  // PostgreSQL connection goes on to serve others).
  const rows = await db.transaction(async (tx) => {
    await tx.query(`set local pg_trgm.similarity_threshold = ${TYPO_SIMILARITY}`)
    return tx.query<{ typed: string; word: string }>(
      `select q.typed, s.word from unnest($2::text[]) as q (typed)
       cross join lateral (
         select x.word from search_words x
         where x.workspace_id = $1 and x.word % q.typed and x.word <> q.typed
         order by similarity(x.word, q.typed) desc, x.word
         limit ${ALTERNATIVES_PER_WORD}
       ) s`, [workspaceId, [...new Set(words)]])
  })
  for (const row of rows) alternatives.set(row.typed, [...(alternatives.get(row.typed) ?? []), row.word])
  return alternatives
}
