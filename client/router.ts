/**
 * The app's hash router (no dependency): the URL after `#` says which screen is open, so links,
 * reloads and the back button work, and the server needs no route of its own for any screen.
 *
 *   #/<ws>                       the workspace's first list (accounts)
 *   #/<ws>/<path>                the list of a record type (paths from shared/records: accounts…)
 *   #/<ws>/<path>/new            a new record: the shell makes an id and replaces the URL with ↓
 *   #/<ws>/<path>/<id>[?new=1]   a record page (`new=1`: created on its first edit)
 *   #/<ws>/members               the workspace's members
 *
 * Parsing is pure (`parseRoute`, `formatRoute`); `makeHashRouter` follows a window's location as
 * an observable, framework-free like client/sync, and the shell wraps it in a signal.
 */
import { isWorkspaceId } from '../shared/doc-name'
import { isUuid } from '../shared/ids'
import { recordTypeByPath } from '../shared/records'
import { makeObservable, type Observable } from './sync/observable'

export type Route =
  | { kind: 'home'; workspaceId: string | null }
  | { kind: 'list'; workspaceId: string; type: string; path: string }
  | { kind: 'new'; workspaceId: string; type: string; path: string }
  | { kind: 'record'; workspaceId: string; type: string; path: string; id: string; isNew: boolean }
  | { kind: 'members'; workspaceId: string }
  | { kind: 'not-found'; workspaceId: string | null; message: string }

export const MEMBERS_PATH = 'members'

/** The route a location hash names (`#/demo/accounts`); anything else is `not-found` with why. */
export function parseRoute(hash: string): Route {
  const raw = hash.startsWith('#') ? hash.slice(1) : hash
  const [pathPart = '', queryPart = ''] = splitOnce(raw, '?')
  const segments = pathPart.split('/').filter((s) => s !== '').map(safeDecode)
  if (segments.length === 0) return { kind: 'home', workspaceId: null }
  const [workspaceId, path, third, ...rest] = segments as [string, string | undefined, string | undefined, ...string[]]
  if (!isWorkspaceId(workspaceId)) return { kind: 'not-found', workspaceId: null, message: `"${workspaceId}" is not a workspace id.` }
  if (path === undefined) return { kind: 'home', workspaceId }
  if (path === MEMBERS_PATH && third === undefined) return { kind: 'members', workspaceId }
  const type = recordTypeByPath(path)
  if (!type) return { kind: 'not-found', workspaceId, message: `There is no page "${path}" in this workspace.` }
  if (rest.length > 0) return { kind: 'not-found', workspaceId, message: `The address has more parts than a record page has.` }
  if (third === undefined) return { kind: 'list', workspaceId, type: type.type, path }
  if (third === 'new') return { kind: 'new', workspaceId, type: type.type, path }
  if (!isUuid(third)) return { kind: 'not-found', workspaceId, message: `"${third}" is not a record id.` }
  const isNew = new URLSearchParams(queryPart).get('new') === '1'
  return { kind: 'record', workspaceId, type: type.type, path, id: third, isNew }
}

/** The hash of a route, `#/…`; `parseRoute(formatRoute(r))` gives `r` back. */
export function formatRoute(route: Route): string {
  switch (route.kind) {
    case 'home': return route.workspaceId === null ? '#/' : `#/${route.workspaceId}`
    case 'list': return `#/${route.workspaceId}/${route.path}`
    case 'new': return `#/${route.workspaceId}/${route.path}/new`
    case 'record': return `#/${route.workspaceId}/${route.path}/${route.id}${route.isNew ? '?new=1' : ''}`
    case 'members': return `#/${route.workspaceId}/${MEMBERS_PATH}`
    case 'not-found': return route.workspaceId === null ? '#/' : `#/${route.workspaceId}`
  }
}

/** Links, by what they open. */
export const href = {
  list: (workspaceId: string, path: string) => `#/${workspaceId}/${path}`,
  record: (workspaceId: string, path: string, id: string) => `#/${workspaceId}/${path}/${id}`,
  newRecord: (workspaceId: string, path: string) => `#/${workspaceId}/${path}/new`,
  members: (workspaceId: string) => `#/${workspaceId}/${MEMBERS_PATH}`,
}

export interface NavigateOptions {
  /** Replace the current history entry (the back button skips it), as for `…/new` → `…/<id>`. */
  replace?: boolean
}

export type Navigate = (to: string, options?: NavigateOptions) => void

/** What the router needs of a window (a fake one in tests). */
export interface HashWindow {
  location: { hash: string }
  history: { pushState(data: unknown, unused: string, url: string): void; replaceState(data: unknown, unused: string, url: string): void }
  addEventListener(type: 'hashchange', listener: () => void): void
  removeEventListener(type: 'hashchange', listener: () => void): void
}

export interface HashRouter {
  readonly route: Observable<Route>
  navigate: Navigate
  destroy(): void
}

/** Follows the window's hash: the route now and on every change (links, back, `navigate`). */
export function makeHashRouter(win: HashWindow): HashRouter {
  const route = makeObservable<Route>(parseRoute(win.location.hash), (a, b) => JSON.stringify(a) === JSON.stringify(b))
  const onChange = () => route.set(parseRoute(win.location.hash))
  win.addEventListener('hashchange', onChange)
  return {
    route,
    navigate(to, options = {}) {
      const hash = to.startsWith('#') ? to : `#${to}`
      if (options.replace) win.history.replaceState(null, '', hash)
      else if (win.location.hash !== hash) win.history.pushState(null, '', hash)
      // pushState and replaceState fire no hashchange.
      onChange()
    },
    destroy: () => win.removeEventListener('hashchange', onChange),
  }
}

function splitOnce(value: string, separator: string): [string, string] {
  const at = value.indexOf(separator)
  return at < 0 ? [value, ''] : [value.slice(0, at), value.slice(at + 1)]
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment)
  } catch {
    return segment
  }
}
