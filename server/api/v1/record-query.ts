/**
 * List pages over the `records` projection: the query string parsed at the boundary (filters on
 * the schema's list fields, an allow-listed sort, keyset pagination, full-text `q`, `deleted`),
 * then one SQL query that walks an index in order (migration 5) and stops after a page.
 *
 * The cursor is opaque to callers: base64url of the sort and the last row's sort key and id, so the
 * next page starts strictly after it even while records are added or edited.
 */
import type { FieldDef } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'
import { visibilityWhere } from '../../auth/record-visibility'
import type { Services } from '../../services'
import { ValidationError } from '../validation'
import type { Caller } from './record-access'
import { RECORD_COLUMNS, type RecordRow } from './record-response'

export const DEFAULT_LIMIT = 50
export const MAX_LIMIT = 200
/** Sort keys every type has, besides its list fields. */
export const COMMON_SORTS = ['title', 'createdAt', 'updatedAt'] as const

type Cast = 'text' | 'numeric' | 'boolean' | 'timestamptz' | 'float8'

interface SortKey {
  /** The SQL expression, exactly as indexed (migration 5), over the alias `r`. */
  expr: string
  cast: Cast
  /** Ties broken by title before id (the list-field indexes hold the title after the field). */
  byTitle?: boolean
}

export interface ListQuery {
  /** The sort as asked (`-title`), which a cursor belongs to. */
  sortSpec: string
  sort: string
  desc: boolean
  filters: Array<{ field: string; value: string }>
  q: string | null
  includeDeleted: boolean
  limit: number
  /** The last row's sort keys (with the title when ties break by it), then its id. */
  after: { keys: string[]; id: string } | null
}

/** Ranks and matches for `q` (server/search/match.ts), once the search part is there. */
export type SearchFn = (q: string, alias: string, firstParam: number) => { sql: string; params: unknown[]; rank: string }

const NUMERIC_KINDS = new Set(['integer', 'number', 'money'])

/** The list fields a type can be filtered and sorted on (sets and long texts cannot). */
export function listFields(type: RecordType): string[] {
  return Object.entries(type.fields).filter(([, def]) => def.list && def.kind !== 'set' && def.kind !== 'text').map(([key]) => key)
}

function isTitleField(type: RecordType, field: string): boolean {
  return type.titleFields.length === 1 && type.titleFields[0] === field
}

function fieldKey(type: RecordType, field: string, def: FieldDef): SortKey {
  if (isTitleField(type, field)) return { expr: 'lower(r.title)', cast: 'text' }
  if (NUMERIC_KINDS.has(def.kind)) return { expr: `coalesce((r.data->>'${field}')::numeric, '-Infinity')`, cast: 'numeric' }
  if (def.kind === 'boolean') return { expr: `coalesce((r.data->>'${field}')::boolean, false)`, cast: 'boolean' }
  return { expr: `coalesce(lower(r.data->>'${field}'), '')`, cast: 'text' }
}

const TITLE = 'lower(r.title)'

function sortKey(type: RecordType, sort: string, rank: string | null): SortKey {
  if (sort === 'rank') return { expr: `(${rank ?? '0'})::float8`, cast: 'float8' }
  if (sort === 'title') return { expr: 'lower(r.title)', cast: 'text' }
  if (sort === 'createdAt') return { expr: 'r.created_at', cast: 'timestamptz' }
  if (sort === 'updatedAt') return { expr: 'r.updated_at', cast: 'timestamptz' }
  const key = fieldKey(type, sort, type.fields[sort]!)
  return key.expr === TITLE ? key : { ...key, byTitle: true }
}

/** Parses a list's query string; every bad parameter is named in one 400. */
export function parseListQuery(type: RecordType, query: Record<string, string>, search: SearchFn | null): ListQuery {
  const errors: Record<string, string> = {}
  const fields = listFields(type)
  const filters: ListQuery['filters'] = []
  for (const [key, value] of Object.entries(query)) {
    if (['sort', 'cursor', 'limit', 'q', 'deleted'].includes(key)) continue
    if (!fields.includes(key)) {
      errors[key] = `is not a filter of ${type.path}; filter on: ${fields.join(', ')}`
      continue
    }
    const def = type.fields[key]!
    if (NUMERIC_KINDS.has(def.kind) && value !== '' && !Number.isFinite(Number(value))) errors[key] = 'must be a number'
    else if (def.kind === 'boolean' && !['true', 'false', ''].includes(value)) errors[key] = 'must be true or false'
    else filters.push({ field: key, value })
  }
  const q = query.q?.trim() ? query.q.trim() : null
  if (q !== null && q.length > 200) errors.q = 'must be at most 200 characters'
  if (q !== null && !search) errors.q = 'full-text search is not available on this server yet'
  const rawSort = query.sort ?? (q !== null ? 'rank' : 'title')
  const desc = rawSort.startsWith('-')
  const sort = desc ? rawSort.slice(1) : rawSort
  const sorts = [...COMMON_SORTS, ...fields]
  if (!(sorts as string[]).includes(sort) && !(sort === 'rank' && q !== null)) {
    errors.sort = `must be one of ${sorts.join(', ')} (a leading - sorts descending)${q !== null ? ', or rank' : ''}`
  }
  let limit = DEFAULT_LIMIT
  if (query.limit !== undefined) {
    limit = Number(query.limit)
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) errors.limit = `must be a whole number from 1 to ${MAX_LIMIT}`
  }
  if (query.deleted !== undefined && !['true', 'false'].includes(query.deleted)) errors.deleted = 'must be true or false'
  // With `q` the default order is by relevance: best first.
  const effectiveDesc = query.sort === undefined && q !== null ? true : desc
  let after: ListQuery['after'] = null
  if (query.cursor !== undefined) {
    after = decodeCursor(query.cursor, `${rawSort}|${q ?? ''}`)
    if (!after) errors.cursor = 'is not a cursor of this list (cursors belong to one sort and one q; start again without it)'
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  return { sortSpec: `${rawSort}|${q ?? ''}`, sort, desc: effectiveDesc, filters, q, includeDeleted: query.deleted === 'true', limit, after }
}

export interface ListScope {
  caller: Caller
  type: RecordType
  /** More conditions, such as a related list's `r.account_id = $n`; params numbered after the others. */
  related?: { column: 'account_id' | 'refs'; id: string }
}

/** One page of a list: the rows and the cursor of the next page (null on the last). */
export async function listRecords(services: Services, scope: ListScope, list: ListQuery, search: SearchFn | null): Promise<{ rows: RecordRow[]; next: string | null }> {
  const { caller } = scope
  const params: unknown[] = [caller.workspaceId]
  const param = (value: unknown) => `$${params.push(value)}`
  // The type is from the schema (an allow-listed name), inlined so the partial indexes apply.
  const where = [`r.workspace_id = $1`, `r.type = '${scope.type.type}'`]
  if (!list.includeDeleted) where.push('not r.deleted')
  const visible = await visibilityWhere(services.access, caller.principal, caller.workspaceId, 'r', params.length + 1)
  params.push(...visible.params)
  where.push(visible.sql)
  if (scope.related?.column === 'account_id') where.push(`r.account_id = ${param(scope.related.id)}`)
  if (scope.related?.column === 'refs') where.push(`r.refs @> array[${param(scope.related.id)}]::text[]`)
  for (const filter of list.filters) {
    const key = fieldKey(scope.type, filter.field, scope.type.fields[filter.field]!)
    if (key.cast === 'text') where.push(`${key.expr} = lower(${param(filter.value)})`)
    else if (filter.value === '') where.push(`r.data->>'${filter.field}' is null`)
    else where.push(`${key.expr} = ${param(filter.value)}::${key.cast}`)
  }
  let rank: string | null = null
  if (list.q !== null && search) {
    // The search columns live in record_search (migration 7), joined only when searching.
    const matched = search(list.q, 'rs', params.length + 1)
    params.push(...matched.params)
    where.push(`(${matched.sql})`)
    rank = matched.rank
  }
  const key = sortKey(scope.type, list.sort, rank)
  const direction = list.desc ? 'desc' : 'asc'
  const exprs = key.byTitle ? [key.expr, TITLE] : [key.expr]
  const casts = key.byTitle ? [key.cast, 'text'] : [key.cast]
  if (list.after) {
    if (list.after.keys.length !== exprs.length) throw new ValidationError({ cursor: 'is not a cursor of this list' })
    const values = list.after.keys.map((k, i) => `${param(k)}::${casts[i]}`)
    where.push(`(${exprs.join(', ')}, r.id) ${list.desc ? '<' : '>'} (${values.join(', ')}, ${param(list.after.id)})`)
  }
  const rows = await services.storage.db.query<RecordRow & { sort_key: string; title_key?: string }>(
    // The rank goes in the select list even when not sorted by, so every search parameter is used.
    `select ${RECORD_COLUMNS}, (${key.expr})::text as sort_key${key.byTitle ? `, ${TITLE} as title_key` : ''}${rank ? `, (${rank})::float8 as rank` : ''} from records r
     ${rank ? 'join record_search rs on rs.workspace_id = r.workspace_id and rs.id = r.id' : ''}
     where ${where.join(' and ')}
     order by ${exprs.map((e) => `${e} ${direction}`).join(', ')}, r.id ${direction}
     limit ${list.limit + 1}`, params)
  const page = rows.slice(0, list.limit)
  const last = page[page.length - 1]
  const lastKeys = last ? (key.byTitle ? [last.sort_key, last.title_key ?? ''] : [last.sort_key]) : []
  const next = rows.length > list.limit && last ? encodeCursor(list.sortSpec, lastKeys, last.id) : null
  return { rows: page, next }
}

function encodeCursor(sortSpec: string, keys: string[], id: string): string {
  return Buffer.from(JSON.stringify({ s: sortSpec, k: keys, i: id })).toString('base64url')
}

function decodeCursor(cursor: string, sortSpec: string): { keys: string[]; id: string } | null {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown
    if (typeof value !== 'object' || value === null) return null
    const { s, k, i } = value as Record<string, unknown>
    if (s !== sortSpec || !Array.isArray(k) || k.length < 1 || k.length > 2 || typeof i !== 'string' || i.length > 64) return null
    if (!k.every((key) => typeof key === 'string' && key.length <= 1000)) return null
    return { keys: k as string[], id: i }
  } catch {
    return null
  }
}
