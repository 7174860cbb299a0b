/**
 * The service worker (built to `/sw.js` by vite.config.ts): it keeps the app shell — index.html,
 * the hashed JS/CSS assets of this build, the favicon — so the app opens with no network at all,
 * as the last signed-in user (client/app.tsx falls back to `lastMe()`), with the records of the
 * local replica. It never answers nor caches the API, the sync or live sockets (`shell-routes.ts`).
 *
 *   install   cache this build's shell files (their list is written in at build time), take over
 *   activate  delete the caches of older builds, control open pages
 *   page load network first (the newest index.html when online, cached for later); the cached
 *             shell when the network fails or takes over 4 s
 *   asset     cache first (hashed names never change), else the network, cached
 *
 * Updates: every build changes this file (the list of hashed files), so the browser installs the
 * new worker on its next check (each page load); it takes over at once, and page loads are network
 * first anyway, so a shell is never stale for longer than one load.
 *
 * Written against small local types (the project's TypeScript lib is DOM, not WebWorker).
 */
import { SHELL_CACHE_PREFIX, shellCacheName, shellRoute } from './shell-routes'

interface ExtendableEvent extends Event { waitUntil(promise: Promise<unknown>): void }
interface FetchEvent extends ExtendableEvent { readonly request: Request; respondWith(response: Promise<Response>): void }
interface WorkerScope {
  readonly location: Location
  skipWaiting(): Promise<void>
  readonly clients: { claim(): Promise<void> }
  addEventListener(type: 'install' | 'activate', listener: (event: ExtendableEvent) => void): void
  addEventListener(type: 'fetch', listener: (event: FetchEvent) => void): void
}

const worker = self as unknown as WorkerScope
/** Replaced at build time by the list of this build's files (`/assets/…`, `/index.html`). */
const BUILT: unknown = '__SHELL_FILES__'
const FILES = Array.isArray(BUILT) ? BUILT.filter((f): f is string => typeof f === 'string') : []
const SHELL_FILES = new Set([...FILES.filter((f) => f !== '/index.html'), '/favicon.svg'])
const CACHE = shellCacheName([...SHELL_FILES])
/** Where the shell's page is kept: every app path is answered with the same index.html. */
const PAGE = '/'
const PAGE_TIMEOUT_MS = 4000

worker.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll([PAGE, ...SHELL_FILES])).then(() => worker.skipWaiting()))
})

worker.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    // Pages first, so their next requests come here and not to the old worker, which would open
    // (and so make again) the cache deleted next.
    try {
      await worker.clients.claim()
    } finally {
      // Whatever became of the claim: an old build's cache left now is never dropped later.
      for (const name of await caches.keys()) if (name.startsWith(SHELL_CACHE_PREFIX) && name !== CACHE) await caches.delete(name)
    }
  })())
})

worker.addEventListener('fetch', (event) => {
  const route = shellRoute(event.request, worker.location.origin, SHELL_FILES)
  if (route === 'page') event.respondWith(page(event.request))
  else if (route === 'shell-file') event.respondWith(shellFile(event.request))
  // 'pass': not answered here, the browser goes to the network as if there were no worker.
})

async function page(request: Request): Promise<Response> {
  const cache = await ownCache()
  try {
    const response = await withTimeout(fetch(request), PAGE_TIMEOUT_MS)
    if (cache && response.ok && response.type === 'basic' && (response.headers.get('content-type') ?? '').includes('text/html')) {
      await cache.put(PAGE, response.clone())
    }
    return response
  } catch (error) {
    const cached = await cache?.match(PAGE)
    if (cached) return cached
    throw error
  }
}

async function shellFile(request: Request): Promise<Response> {
  const cache = await ownCache()
  const cached = await cache?.match(request)
  if (cached) return cached
  const response = await fetch(request)
  if (cache && response.ok && response.type === 'basic') await cache.put(request, response.clone())
  return response
}

/**
 * This build's cache, or null once a newer build's worker took over and deleted it (a request
 * that reached this worker just before then): `caches.open` would make it again, an old build's
 * files kept for nothing beside the new one's.
 */
async function ownCache(): Promise<Cache | null> {
  if (!(await caches.has(CACHE))) return null
  const cache = await caches.open(CACHE)
  // Deleted between the two calls: `open` made it again, empty (install fills this build's cache
  // before the worker serves anything). Drop it again rather than keep it beside the new build's.
  if ((await cache.keys()).length > 0) return cache
  await caches.delete(CACHE)
  return null
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)
    promise.then((value) => { clearTimeout(timer); resolve(value) }, (error: unknown) => { clearTimeout(timer); reject(error) })
  })
}
