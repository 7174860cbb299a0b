/**
 * GET /api/v1/<workspaceId>/search?q=<text>&types=<type,…>&limit=<n> — search across record types
 * (server/search/search.ts), best first:
 *
 *   200 { hits: [{ id, type, path, title, subtitle?, score }] }
 *
 * `types` takes type names or REST paths (`contact` or `contacts`), comma-separated. Members only:
 * non-members and unknown workspaces get the same 404; private record types show only to the
 * records' owners and to owners and admins of the workspace.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { isWorkspaceId } from '../../../shared/doc-name'
import { RECORD_TYPES, recordType, recordTypeByPath } from '../../../shared/records/index'
import { MAX_QUERY_LENGTH } from '../../../shared/search/search-query'
import { visibilityWhere } from '../../auth/record-visibility'
import { searchRecords } from '../../search/search'
import { plannerStatistics } from '../../storage/planner-statistics'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { ValidationError } from '../validation'

export const SEARCH_DEFAULT_LIMIT = 20
export const SEARCH_MAX_LIMIT = 100

export function searchRoutes(services: Services) {
  const app = new Hono<AppEnv>()
  const freshenStatistics = plannerStatistics(services.storage.db, 'record_search', ['workspace_id'], (message, fields) => services.logger.info(message, fields))
  app.get('/:workspaceId/search', async (c) => {
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'Sign in to search the records of a workspace.' })
    const workspaceId = c.req.param('workspaceId')
    if (!isWorkspaceId(workspaceId) || !(await services.access.role(principal, workspaceId))) {
      throw new HTTPException(404, { message: 'No such workspace.' })
    }
    const { q, types, limit } = parseSearchParams(c.req.query())
    await freshenStatistics()
    const hits = await searchRecords(services.storage.db, workspaceId, q, {
      types, limit, visibility: (alias, firstParam) => visibilityWhere(services.access, principal, workspaceId, alias, firstParam),
    })
    return c.json({ hits: hits.map((hit) => ({ ...hit, path: recordType(hit.type)?.path ?? hit.type })) })
  })
  return app
}

/** The query string, parsed once: a bad value is a 400 naming it. */
export function parseSearchParams(query: Record<string, string>): { q: string; types: string[]; limit: number } {
  const errors: Record<string, string> = {}
  const q = (query.q ?? '').trim()
  if (q === '') errors.q = 'is required: the text to search for'
  else if (q.length > MAX_QUERY_LENGTH) errors.q = `must be at most ${MAX_QUERY_LENGTH} characters`
  const types: string[] = []
  for (const name of (query.types ?? '').split(',').map((t) => t.trim()).filter((t) => t !== '')) {
    const type = recordType(name) ?? recordTypeByPath(name)
    if (type) types.push(type.type)
    else errors.types = `has an unknown record type "${name}" (use ${RECORD_TYPES.map((t) => t.type).join(', ')})`
  }
  let limit = SEARCH_DEFAULT_LIMIT
  if (query.limit !== undefined) {
    const n = Number(query.limit)
    if (/^[0-9]{1,3}$/.test(query.limit) && n >= 1 && n <= SEARCH_MAX_LIMIT) limit = n
    else errors.limit = `must be a whole number from 1 to ${SEARCH_MAX_LIMIT}`
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  return { q, types, limit }
}
