/**
 * What the service worker does with a request (`service-worker.ts`), as a pure function so it can
 * be tested: page loads are answered from the network and fall back to the cached app shell; the
 * shell's files (hashed assets, favicon) come from the cache; everything else — above all the API,
 * the sync and live sockets — is never touched, so no record data is ever cached here (the local
 * replica in IndexedDB is the only offline copy).
 */
export type ShellRoute = 'page' | 'shell-file' | 'pass'

/** Paths the service worker never answers nor caches: the server's data, sockets and health. */
export const NEVER_CACHED = ['/api/', '/sync/', '/live/', '/healthz']

export function shellRoute(request: { url: string; method: string; mode: string }, origin: string, shellFiles: ReadonlySet<string>): ShellRoute {
  if (request.method !== 'GET') return 'pass'
  let url: URL
  try {
    url = new URL(request.url)
  } catch {
    return 'pass'
  }
  if (url.origin !== origin) return 'pass'
  if (NEVER_CACHED.some((prefix) => url.pathname === prefix.replace(/\/$/, '') || url.pathname.startsWith(prefix))) return 'pass'
  if (request.mode === 'navigate') return 'page'
  if (shellFiles.has(url.pathname) || url.pathname.startsWith('/assets/')) return 'shell-file'
  return 'pass'
}

/** The cache's name for one build: a new build (new asset hashes) is a new cache, the old one goes. */
export function shellCacheName(files: readonly string[]): string {
  let hash = 5381
  for (const file of [...files].sort()) for (let i = 0; i < file.length; i++) hash = ((hash * 33) ^ file.charCodeAt(i)) >>> 0
  return `${SHELL_CACHE_PREFIX}${hash.toString(36)}`
}

export const SHELL_CACHE_PREFIX = 'tandem-shell-'
