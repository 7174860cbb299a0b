/**
 * GET /api/v1/<workspaceId>/catalog?since=<seq>&cursor=<opaque>&limit=<n> — the catalog pull
 * (DESIGN.md §3): the records changed since a sequence, deletions included, a page at a time.
 *
 *   200 { rows: CatalogRow[], next: "<cursor>" | null, seq: <the workspace's counter> }
 *
 * A client pulls with `since` = its stored sequence, follows `next` until it is null, then stores
 * the last page's `seq`. Rows the principal may not read (private record types) are left out;
 * non-members and unknown workspaces get the same 404.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { isWorkspaceId } from '../../../shared/doc-name'
import { visibilityWhere } from '../../auth/record-visibility'
import { CATALOG_DEFAULT_LIMIT, CATALOG_MAX_LIMIT, catalogPage, type CatalogPosition } from '../../records/catalog-query'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { ValidationError } from '../validation'

export function catalogRoutes(services: Services) {
  const app = new Hono<AppEnv>()
  app.get('/:workspaceId/catalog', async (c) => {
    const principal = c.get('principal')
    if (!principal) throw new HTTPException(401, { message: 'Sign in to read the records of a workspace.' })
    const workspaceId = c.req.param('workspaceId')
    if (!isWorkspaceId(workspaceId) || !(await services.access.role(principal, workspaceId))) {
      throw new HTTPException(404, { message: 'No such workspace.' })
    }
    const { after, limit } = parseCatalogQuery(c.req.query())
    const visible = await visibilityWhere(services.access, principal, workspaceId, 'r', 5)
    const page = await catalogPage(services.storage.db, workspaceId, after, limit, visible)
    return c.json({ rows: page.rows, next: page.next ? writeCursor(page.next) : null, seq: page.seq })
  })
  return app
}

const WHOLE = /^(0|[1-9][0-9]{0,15})$/

/** The query string, parsed once: a bad value is a 400 naming it. */
function parseCatalogQuery(query: Record<string, string>): { after: CatalogPosition; limit: number } {
  const errors: Record<string, string> = {}
  let after: CatalogPosition = { seq: 0, id: null }
  let limit = CATALOG_DEFAULT_LIMIT
  if (query.since !== undefined) {
    if (WHOLE.test(query.since) && Number.isSafeInteger(Number(query.since))) after = { seq: Number(query.since), id: null }
    else errors.since = 'must be a sequence number (a whole number, 0 or more)'
  }
  if (query.cursor !== undefined) {
    const position = readCursor(query.cursor)
    if (position) after = position
    else errors.cursor = 'is not a cursor this server gave out (pass `next` from the previous page as it is)'
  }
  if (query.limit !== undefined) {
    const n = Number(query.limit)
    if (WHOLE.test(query.limit) && n >= 1 && n <= CATALOG_MAX_LIMIT) limit = n
    else errors.limit = `must be a whole number from 1 to ${CATALOG_MAX_LIMIT}`
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors)
  return { after, limit }
}

/** The position after the last row sent, opaque to clients: base64url of `<seq>:<id>`. */
function writeCursor(position: { seq: number; id: string }): string {
  return Buffer.from(`${position.seq}:${position.id}`, 'utf8').toString('base64url')
}

function readCursor(cursor: string): CatalogPosition | null {
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(cursor)) return null
  const text = Buffer.from(cursor, 'base64url').toString('utf8')
  const colon = text.indexOf(':')
  if (colon < 0) return null
  const seq = text.slice(0, colon)
  const id = text.slice(colon + 1)
  if (!WHOLE.test(seq) || !Number.isSafeInteger(Number(seq)) || id.length === 0 || id.length > 100) return null
  return { seq: Number(seq), id }
}
