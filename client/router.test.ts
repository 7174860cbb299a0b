import { describe, expect, test } from 'vitest'
import { formatRoute, makeHashRouter, parseRoute, type HashWindow, type Route } from './router'

const ID = '01890000-0000-7000-8000-000000000001'

describe('parseRoute', () => {
  test('reads a list, a record, a new record, the members page and a workspace home from their hashes', () => {
    expect(parseRoute('#/demo/accounts')).toEqual({ kind: 'list', workspaceId: 'demo', type: 'account', path: 'accounts' })
    expect(parseRoute('#/demo/relationship-roles')).toEqual({ kind: 'list', workspaceId: 'demo', type: 'relationship-role', path: 'relationship-roles' })
    expect(parseRoute(`#/demo/contacts/${ID}`)).toEqual({ kind: 'record', workspaceId: 'demo', type: 'contact', path: 'contacts', id: ID, isNew: false })
    expect(parseRoute(`#/demo/cases/${ID}?new=1`)).toMatchObject({ kind: 'record', type: 'case', id: ID, isNew: true })
    expect(parseRoute('#/demo/activities/new')).toEqual({ kind: 'new', workspaceId: 'demo', type: 'activity', path: 'activities' })
    expect(parseRoute('#/demo/members')).toEqual({ kind: 'members', workspaceId: 'demo' })
    expect(parseRoute('#/demo')).toEqual({ kind: 'home', workspaceId: 'demo' })
    expect(parseRoute('#/demo/')).toEqual({ kind: 'home', workspaceId: 'demo' })
  })

  test('an empty hash or a bare slash is the home of no workspace yet', () => {
    expect(parseRoute('')).toEqual({ kind: 'home', workspaceId: null })
    expect(parseRoute('#')).toEqual({ kind: 'home', workspaceId: null })
    expect(parseRoute('#/')).toEqual({ kind: 'home', workspaceId: null })
  })

  test('an unknown page, a bad record id, a bad workspace id or extra parts are not-found with a message saying which', () => {
    expect(parseRoute('#/demo/opportunities')).toEqual({ kind: 'not-found', workspaceId: 'demo', message: 'There is no page "opportunities" in this workspace.' })
    expect(parseRoute('#/demo/accounts/42')).toEqual({ kind: 'not-found', workspaceId: 'demo', message: '"42" is not a record id.' })
    expect(parseRoute('#/Not A Workspace/accounts')).toMatchObject({ kind: 'not-found', workspaceId: null, message: '"Not A Workspace" is not a workspace id.' })
    expect(parseRoute(`#/demo/accounts/${ID}/history/x`)).toMatchObject({ kind: 'not-found', workspaceId: 'demo' })
    expect(parseRoute('#/demo/members/x')).toMatchObject({ kind: 'not-found', workspaceId: 'demo' })
    expect(parseRoute('#/%E0%A4%A/accounts')).toMatchObject({ kind: 'not-found', workspaceId: null })
  })
})

test('formatRoute gives back a hash that parses to the same route, for every kind of page', () => {
  const routes: Route[] = [
    { kind: 'home', workspaceId: null },
    { kind: 'home', workspaceId: 'demo' },
    { kind: 'list', workspaceId: 'demo', type: 'contact', path: 'contacts' },
    { kind: 'new', workspaceId: 'w-1', type: 'account', path: 'accounts' },
    { kind: 'record', workspaceId: 'demo', type: 'case', path: 'cases', id: ID, isNew: true },
    { kind: 'record', workspaceId: 'demo', type: 'case', path: 'cases', id: ID, isNew: false },
    { kind: 'members', workspaceId: 'demo' },
  ]
  for (const route of routes) expect(parseRoute(formatRoute(route))).toEqual(route)
})

function fakeWindow(hash: string) {
  const listeners = new Set<() => void>()
  const entries: string[] = [hash]
  const win: HashWindow & { entries: string[]; back(): void } = {
    location: { hash },
    entries,
    history: {
      pushState: (_d, _u, url) => { entries.push(url); win.location.hash = url },
      replaceState: (_d, _u, url) => { entries[entries.length - 1] = url; win.location.hash = url },
    },
    addEventListener: (_t, l) => { listeners.add(l) },
    removeEventListener: (_t, l) => { listeners.delete(l) },
    back() {
      entries.pop()
      win.location.hash = entries.at(-1) ?? ''
      for (const l of listeners) l()
    },
  }
  return win
}

describe('makeHashRouter', () => {
  test('navigate pushes a history entry and tells subscribers the new route; the back button returns to the list', () => {
    const win = fakeWindow('#/demo/accounts')
    const router = makeHashRouter(win)
    const seen: Route[] = []
    router.route.subscribe((r) => seen.push(r))
    router.navigate(`#/demo/accounts/${ID}`)
    expect(router.route.get()).toMatchObject({ kind: 'record', id: ID })
    expect(win.entries).toEqual(['#/demo/accounts', `#/demo/accounts/${ID}`])
    win.back()
    expect(router.route.get()).toMatchObject({ kind: 'list', type: 'account' })
    expect(seen.map((r) => r.kind)).toEqual(['record', 'list'])
    router.destroy()
  })

  test('navigate with replace swaps the current entry, so …/new never stays in the history', () => {
    const win = fakeWindow('#/demo/accounts')
    const router = makeHashRouter(win)
    router.navigate('#/demo/accounts/new')
    router.navigate(`#/demo/accounts/${ID}?new=1`, { replace: true })
    expect(win.entries).toEqual(['#/demo/accounts', `#/demo/accounts/${ID}?new=1`])
    expect(router.route.get()).toMatchObject({ kind: 'record', isNew: true })
  })

  test('navigating to the route already shown adds no history entry and tells nobody', () => {
    const win = fakeWindow('#/demo/cases')
    const router = makeHashRouter(win)
    let told = 0
    router.route.subscribe(() => told++)
    router.navigate('#/demo/cases')
    expect(win.entries).toEqual(['#/demo/cases'])
    expect(told).toBe(0)
  })
})
