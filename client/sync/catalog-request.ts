/**
 * Fetches one page of the catalog pull (`GET /api/v1/<workspaceId>/catalog`) and parses the answer
 * at the boundary (`shared/protocol/catalog.ts`). Failures become a `CatalogPullError` whose message
 * a person can read.
 */
import { CatalogFormatError, readCatalogPage, type CatalogPageAnswer } from '../../shared/protocol/catalog'

export class CatalogPullError extends Error {
  override readonly name = 'CatalogPullError'
}

export interface CatalogPageRequest {
  serverUrl: string
  workspaceId: string
  /** The first page: rows changed after this sequence. */
  since: number
  /** A later page: the previous page's `next`. */
  cursor: string | null
  limit: number
}

export async function fetchCatalogPage(fetchFn: typeof fetch, request: CatalogPageRequest): Promise<CatalogPageAnswer> {
  const query = request.cursor === null ? `since=${request.since}` : `cursor=${encodeURIComponent(request.cursor)}`
  const url = `${request.serverUrl}/api/v1/${encodeURIComponent(request.workspaceId)}/catalog?${query}&limit=${request.limit}`
  let response: Response
  try {
    response = await fetchFn(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
  } catch (error) {
    throw new CatalogPullError(`The server could not be reached to update the list of records (${(error as Error).message}).`)
  }
  const text = await response.text().catch(() => '')
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw new CatalogPullError(`The server's list of records cannot be read (${response.status}: ${text.slice(0, 200) || response.statusText}).`)
  }
  if (!response.ok) {
    const message = (body as { error?: { message?: unknown } } | null)?.error?.message
    throw new CatalogPullError(`The server refused the list of records (${response.status}): ${typeof message === 'string' ? message : text.slice(0, 200)}`)
  }
  try {
    return readCatalogPage(body)
  } catch (error) {
    if (error instanceof CatalogFormatError) throw new CatalogPullError(`The server's list of records cannot be read: ${error.message}`)
    throw error
  }
}
