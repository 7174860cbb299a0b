/**
 * One workspace open: its sync client, the top bar (workspace switcher, search, connection and
 * waiting changes, the user, sign-out), the navigation, and the page the route names (a list, a
 * record, members). The sync client lives as long as this component: switching workspace makes a
 * new one.
 */
import { Match, Show, Switch, createEffect, createMemo, createResource, createSignal, onCleanup, type JSX } from 'solid-js'
import { recordType } from '../../../shared/records'
import { formatDocName } from '../../../shared/doc-name'
import { uuidv7 } from '../../../shared/ids'
import { authApi, type Me } from '../../api/auth-api'
import { canManage, workspaceApi, type Role } from '../../api/workspace-api'
import { identityOf } from '../../identity'
import { href, type Navigate, type Route } from '../../router'
import { createObservableSignal } from '../../store/create-observable-signal'
import { wipeCatalog } from '../../sync/catalog-store'
import { when } from '../../sync/observable'
import { wipeReplica } from '../../sync/replica'
import { makeSyncClient } from '../../sync/sync-client'
import { SYNC_PROBLEM } from '../../sync/sync-problems'
import { ConnectionIndicator } from '../../ui/connection-indicator'
import { makeCatalogLists } from '../lists/catalog-lists'
import { ListPage } from '../lists/list-page'
import { MembersPage } from '../members/members-page'
import { CommandPalette, isPaletteShortcut } from '../palette/command-palette'
import { PlanPage } from '../plan/plan-page'
import { RecordPage } from '../record/record-page'
import { Nav } from './nav'
import { signOut } from './sign-out'
import { createSignOutDialog } from './sign-out-dialog'
import './shell.css'

/** How long sign-out waits for the server to take the waiting changes before asking. */
const SEND_TIMEOUT_MS = 15_000

export function WorkspaceShell(props: {
  me: Me
  workspaceId: string
  route: Route
  navigate: Navigate
  onSignedOut: () => void
}) {
  const me = identityOf(props.me)
  const workspace = () => props.me.workspaces.find((w) => w.id === props.workspaceId)!
  const role = (): Role => workspace().role
  const canWrite = () => role() !== 'viewer'
  const client = makeSyncClient({ serverUrl: location.origin, workspaceId: props.workspaceId, namespace: me.id })
  void client.start()
  onCleanup(() => void client.destroy())
  const lists = makeCatalogLists(client.catalog)
  const connection = createObservableSignal(client.connection)
  const waiting = createObservableSignal(client.waiting)
  const problems = createObservableSignal(client.problems)
  const [paletteOpen, setPaletteOpen] = createSignal(false)
  const [signingOut, setSigningOut] = createSignal(false)
  const signOutDialog = createSignOutDialog()

  // People's names for owner columns; offline, lists show "Someone" until the server answers.
  const [members] = createResource(() => props.workspaceId, (ws) => workspaceApi.members(ws).catch(() => []))
  const names = createMemo(() => new Map((members() ?? []).map((m) => [m.id, m.name])))

  const onKey = (event: KeyboardEvent) => {
    if (isPaletteShortcut(event)) {
      event.preventDefault()
      setPaletteOpen((open) => !open)
    }
  }
  window.addEventListener('keydown', onKey)
  onCleanup(() => window.removeEventListener('keydown', onKey))

  // `…/new` becomes a fresh id (made here, so offline works), replacing the history entry.
  createEffect(() => {
    const r = props.route
    if (r.kind === 'new' && canWrite()) props.navigate(`${href.record(r.workspaceId, r.path, uuidv7())}?new=1`, { replace: true })
    if (r.kind === 'home') props.navigate(href.list(props.workspaceId, 'accounts'), { replace: true })
  })

  // The tab says where the user is.
  createEffect(() => {
    const r = props.route
    const where = r.kind === 'list' ? recordType(r.type)?.pluralLabel : r.kind === 'record' ? recordType(r.type)?.label : r.kind === 'members' ? 'Members' : undefined
    document.title = [where, workspace().name, 'Tandem CRM'].filter(Boolean).join(' · ')
  })

  const doSignOut = async () => {
    if (signingOut()) return
    setSigningOut(true)
    try {
      const result = await signOut({
        waiting: () => client.waiting.get(),
        online: () => client.connection.get() !== 'offline',
        sendWaiting: async () => {
          void client.catchUp()
          let timer: ReturnType<typeof setTimeout> | undefined
          const sent = await Promise.race([
            when(client.waiting, (n) => n === 0).then(() => true),
            when(client.connection, (state) => state === 'offline').then(() => false),
            new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), SEND_TIMEOUT_MS) }),
          ])
          clearTimeout(timer)
          return sent
        },
        confirmDiscard: (count) => signOutDialog.ask.confirmDiscard(count, client.connection.get() !== 'offline'),
        progress: (step) => { if (step === 'sending') signOutDialog.ask.sending(client.waiting.get()); else signOutDialog.ask.done() },
        endSession: () => authApi.signOut(),
        closeClient: () => client.destroy(),
        wipe: async () => { await wipeReplica(me.id); await wipeCatalog(me.id) },
      })
      signOutDialog.ask.done()
      if (result.kind === 'signed-out') props.onSignedOut()
    } finally {
      setSigningOut(false)
    }
  }

  const page = (): JSX.Element => (
    <Switch fallback={<p class="empty hint">Opening…</p>}>
      <Match when={props.route.kind === 'list' && props.route}>
        {(r) => (
          <Show when={recordType(r().type)} keyed>
            {(type) => <ListPage client={client} lists={lists} workspaceId={props.workspaceId} type={type} me={me} canWrite={canWrite()}
              userName={(id) => names().get(id)} navigate={props.navigate} />}
          </Show>
        )}
      </Match>
      <Match when={props.route.kind === 'record' && props.route}>
        {(r) => (
          <Show when={formatDocName({ workspaceId: props.workspaceId, type: r().type, recordId: r().id })} keyed>
            {(docName) => (
              <div class="record-host">
                <a class="record-host__back" href={href.list(props.workspaceId, r().path)}>← {recordType(r().type)?.pluralLabel}</a>
                <Show when={r().type === 'account-plan'} fallback={
                  <RecordPage client={client} docName={docName} me={me} workspaceId={props.workspaceId} type={r().type} navigate={props.navigate} />
                }>
                  <PlanPage client={client} docName={docName} me={me} workspaceId={props.workspaceId} navigate={props.navigate} />
                </Show>
              </div>
            )}
          </Show>
        )}
      </Match>
      <Match when={props.route.kind === 'new' && !canWrite()}>
        <p class="notice notice--info">You can read this workspace but not add records to it.</p>
      </Match>
      <Match when={props.route.kind === 'members'}>
        <MembersPage workspaceId={props.workspaceId} workspaceName={workspace().name} myRole={role()} myId={me.id}
          onLeft={() => { location.hash = '#/'; location.reload() }} />
      </Match>
      <Match when={props.route.kind === 'not-found' && props.route}>
        {(r) => <div class="empty"><p>{r().message}</p><p><a href={href.list(props.workspaceId, 'accounts')}>Go to Accounts</a></p></div>}
      </Match>
    </Switch>
  )

  return (
    <div class="app">
      <header class="app__bar">
        <a class="app__brand" href={href.list(props.workspaceId, 'accounts')}><img src="/favicon.svg" alt="" width="22" height="22" />Tandem</a>
        <label class="visually-hidden" for="workspace-switcher">Workspace</label>
        <select id="workspace-switcher" class="app__select" value={props.workspaceId}
          onChange={(e) => props.navigate(href.list(e.currentTarget.value, 'accounts'))}>
          {props.me.workspaces.map((w) => <option value={w.id} selected={w.id === props.workspaceId}>{w.name}{w.role === 'viewer' ? ' (read only)' : ''}</option>)}
        </select>
        <button type="button" class="app__search" onClick={() => setPaletteOpen(true)} aria-keyshortcuts="Control+K Meta+K" data-testid="open-palette">
          <span>Search or run a command…</span><kbd>{/Mac|iPhone|iPad/.test(navigator.platform) ? '⌘K' : 'Ctrl K'}</kbd>
        </button>
        <span class="shell__spacer" />
        <ConnectionIndicator state={connection()} waiting={waiting()} />
        <span class="app__user" title={props.me.user.email}>{me.name}</span>
        <button class="button button--link" type="button" disabled={signingOut()} onClick={() => void doSignOut()}>Sign out</button>
      </header>
      <Nav workspaceId={props.workspaceId} route={props.route} canManage={canManage(role())} />
      <main class="app__main" id="main">
        {/* The open record shows its own problems at its fields; others are said here. */}
        {/* A newer build took the local copy over: saves here fail from now on, so that says why first. */}
        <Show when={problems().find((p) => p.kind === SYNC_PROBLEM.UPDATED_ELSEWHERE) ?? problems().filter((p) => !(props.route.kind === 'record' && p.docName?.endsWith(`/${props.route.id}`))).at(-1)}>
          {(problem) => (
            <p class="notice app__problem" role="alert">
              {problem().message}
              <Show when={problem().kind === SYNC_PROBLEM.UPDATED_ELSEWHERE}>
                <button type="button" class="button button--link" onClick={() => location.reload()}>Reload</button>
              </Show>
              <button type="button" class="button button--link" onClick={() => client.dismissProblem(problem())}>Dismiss</button>
            </p>
          )}
        </Show>
        {page()}
      </main>
      <CommandPalette client={client} lists={lists} workspaceId={props.workspaceId} canWrite={canWrite()} canManage={canManage(role())}
        navigate={props.navigate} open={paletteOpen()} onClose={() => setPaletteOpen(false)} />
      <signOutDialog.Dialog />
    </div>
  )
}
