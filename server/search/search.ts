/**
 * Search across record types (issue 4): the live records of a workspace matching a query
 * (server/search/match.ts), best first, as hits a search box can show — the record's title and a
 * subtitle that tells two "José Müller"s apart (their company, their email, a case's number).
 * Private record types are filtered in the query (server/auth/record-visibility.ts), so a page is
 * never short and nothing leaks through the ranking.
 */
import type { SqlDatabase, SqlRunner } from '../storage/sql'
import { searchWhere } from './match'
import { typoAlternatives } from './typo-alternatives'

/** A SQL condition over a `records` alias with parameters from `firstParam` (record-visibility.ts). */
export type Visibility = (alias: string, firstParam: number) => Promise<{ sql: string; params: unknown[] }>

export interface SearchOptions {
  /** Record type names to search; all when absent or empty. */
  types?: readonly string[]
  limit: number
  visibility?: Visibility
}

export interface SearchHit {
  id: string
  type: string
  title: string
  subtitle?: string
  score: number
}

/**
 * The query as typed first; only when that finds nothing, again accepting the nearest spellings of
 * its words: a correctly spelt search pays for one query, a misspelt one for three.
 */
export async function searchRecords(db: SqlDatabase, workspaceId: string, q: string, options: SearchOptions): Promise<SearchHit[]> {
  const exact = await searchOnce(db, workspaceId, q, options, undefined)
  if (exact.length > 0) return exact
  const alternatives = await typoAlternatives(db, workspaceId, q)
  return alternatives.size === 0 ? exact : searchOnce(db, workspaceId, q, options, alternatives)
}

async function searchOnce(db: SqlRunner, workspaceId: string, q: string, options: SearchOptions,
  alternatives: ReadonlyMap<string, readonly string[]> | undefined): Promise<SearchHit[]> {
  const params: unknown[] = [workspaceId, options.limit]
  let where = 'r.workspace_id = $1 and not r.deleted'
  if (options.types && options.types.length > 0) {
    params.push([...options.types])
    where += ` and r.type = any($${params.length}::text[])`
  }
  if (options.visibility) {
    const visible = await options.visibility('r', params.length + 1)
    params.push(...visible.params)
    where += ` and ${visible.sql}`
  }
  const match = searchWhere(q, 's', params.length + 1, alternatives ? { alternatives } : {})
  if (match.sql === 'false') return []
  params.push(...match.params)
  // Rank in the index's narrow rows first; read the wide ones (data) for the page only.
  const rows = await db.query<{ id: string; type: string; title: string; data: Record<string, unknown>; ref_titles: Record<string, string>; score: number }>(
    `with hits as (
       select r.id, ${match.rank} as score from record_search s
       join records r on r.workspace_id = s.workspace_id and r.id = s.id
       where s.workspace_id = $1 and ${where} and ${match.sql}
       order by score desc, r.id limit $2
     )
     select h.id, h.score, r.type, r.title, r.data, r.ref_titles from hits h
     join records r on r.workspace_id = $1 and r.id = h.id
     order by h.score desc, h.id`, params)
  return rows.map((row) => {
    const subtitle = subtitleOf(row.type, row.data, row.ref_titles ?? {})
    return { id: row.id, type: row.type, title: row.title, ...(subtitle ? { subtitle } : {}), score: Math.round(Number(row.score) * 1000) / 1000 }
  })
}

/** What tells a hit apart from others with the same title. */
function subtitleOf(type: string, data: Record<string, unknown>, refTitles: Record<string, string>): string | undefined {
  const str = (key: string) => (typeof data[key] === 'string' && data[key] !== '' ? (data[key] as string) : undefined)
  const ref = (key: string) => { const id = str(key); return id ? refTitles[id] : undefined }
  const parts = (() => {
    switch (type) {
      case 'account': return [str('billingCity'), str('email') ?? str('phone')]
      case 'contact': return [ref('accountId') ?? str('jobTitle'), str('email') ?? str('businessPhone') ?? str('mobilePhone')]
      case 'case': return [str('caseNumber'), ref('customerId')]
      case 'activity': return [str('kind'), ref('regardingId')]
      case 'relationship': return [ref('fromId'), ref('toId')]
      default: return []
    }
  })().filter((p): p is string => p !== undefined && p !== '')
  return parts.length > 0 ? parts.join(' · ') : undefined
}
