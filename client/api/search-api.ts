/**
 * The client side of GET /api/v1/<ws>/search (server/api/v1/search-routes.ts): the server's search
 * across record types, best first. The answer is checked where it enters; a hit that is not what
 * it should be is left out rather than shown half.
 */
import { call } from './api-call'

export interface SearchHit {
  id: string
  type: string
  path: string
  title: string
  subtitle?: string
}

export async function searchServer(workspaceId: string, q: string, options: { limit?: number; signal?: AbortSignal } = {}): Promise<SearchHit[]> {
  const params = new URLSearchParams({ q, limit: String(options.limit ?? 20) })
  const answer = await call<{ hits?: unknown }>(`/api/v1/${encodeURIComponent(workspaceId)}/search?${params}`, options.signal ? { signal: options.signal } : {})
  return readHits(answer.hits)
}

export function readHits(value: unknown): SearchHit[] {
  if (!Array.isArray(value)) return []
  const hits: SearchHit[] = []
  for (const hit of value as Array<Record<string, unknown>>) {
    if (typeof hit !== 'object' || hit === null) continue
    const { id, type, path, title, subtitle } = hit
    if (typeof id !== 'string' || typeof type !== 'string' || typeof path !== 'string' || typeof title !== 'string') continue
    hits.push({ id, type, path, title, ...(typeof subtitle === 'string' && subtitle !== '' ? { subtitle } : {}) })
  }
  return hits
}
