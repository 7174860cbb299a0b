/**
 * The app shell: sign-in, then the workspace with its connection indicator (and the count of
 * changes waiting), a workspace switcher, sign-out, and the record page. (Navigation, lists and
 * the members page are the app issue.)
 */
import { Match, Show, Switch, createSignal, onCleanup } from 'solid-js'
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../shared/demo'
import { formatDocName } from '../shared/doc-name'
import { uuidv7 } from '../shared/ids'
import { ApiError, authApi, type Me } from './api/auth-api'
import { SignInPage } from './features/auth/sign-in-page'
import { RecordPage } from './features/record/record-page'
import { identityOf, lastMe, rememberMe } from './identity'
import { createObservableSignal } from './store/create-observable-signal'
import { wipeReplica } from './sync/replica'
import { makeSyncClient } from './sync/sync-client'
import { ConnectionIndicator } from './ui/connection-indicator'

export function App() {
  const [me, setMe] = createSignal<Me | null | undefined>(undefined)
  authApi.me().then(
    (value) => { rememberMe(value); setMe(value) },
    // Offline: open as the last user; their changes wait in the local replica.
    (error: unknown) => setMe(error instanceof ApiError && error.status === 0 ? lastMe() : null),
  )
  const signedIn = (value: Me) => { rememberMe(value); setMe(value) }
  return (
    <Switch>
      <Match when={me() === undefined}><p class="hint" style={{ padding: '2rem' }}>Loading…</p></Match>
      <Match when={me() === null}><SignInPage onSignedIn={signedIn} /></Match>
      <Match when={me()}>{(value) => <Workspace me={value()} onSignedOut={() => { rememberMe(null); setMe(null) }} />}</Match>
    </Switch>
  )
}

function Workspace(props: { me: Me; onSignedOut: () => void }) {
  const first = props.me.workspaces.find((w) => w.id === DEMO_WORKSPACE_ID) ?? props.me.workspaces[0]
  const [workspaceId, setWorkspaceId] = createSignal(first?.id ?? '')
  return (
    <Show when={workspaceId()} keyed fallback={<p class="empty">You are not a member of any workspace yet. Ask for an invitation.</p>}>
      {(id) => <WorkspaceShell me={props.me} workspaceId={id} onSwitch={setWorkspaceId} onSignedOut={props.onSignedOut} />}
    </Show>
  )
}

function WorkspaceShell(props: { me: Me; workspaceId: string; onSwitch: (id: string) => void; onSignedOut: () => void }) {
  const me = identityOf(props.me)
  const client = makeSyncClient({ serverUrl: location.origin, workspaceId: props.workspaceId, namespace: me.id })
  void client.start()
  onCleanup(() => void client.destroy())
  const connection = createObservableSignal(client.connection)
  const waiting = createObservableSignal(client.waiting)
  const [recordId, setRecordId] = createSignal<string | null>(props.workspaceId === DEMO_WORKSPACE_ID ? DEMO_ACCOUNT_ID : null)
  const docName = () => recordId() && formatDocName({ workspaceId: props.workspaceId, type: 'account', recordId: recordId()! })

  const signOut = async () => {
    const count = waiting()
    if (count > 0 && connection() === 'offline') {
      const discard = confirm(`${count} change${count === 1 ? '' : 's'} on this device have not reached the server. Signing out now discards them. Sign out anyway?`)
      if (!discard) return
    } else if (count > 0) {
      await client.whenSaved()
    }
    await authApi.signOut().catch(() => {})
    await client.destroy()
    if (count > 0 && connection() === 'offline') await wipeReplica(me.id)
    props.onSignedOut()
  }

  return (
    <div class="shell">
      <header class="shell__bar">
        <span class="shell__brand"><img src="/favicon.svg" alt="" width="22" height="22" />Tandem</span>
        <select class="shell__select" aria-label="Workspace" value={props.workspaceId} onChange={(e) => props.onSwitch(e.currentTarget.value)}>
          {props.me.workspaces.map((w) => <option value={w.id}>{w.name}{w.role === 'viewer' ? ' (read only)' : ''}</option>)}
        </select>
        <button class="button" type="button" onClick={() => setRecordId(uuidv7())}>New account</button>
        <span class="shell__spacer" />
        <ConnectionIndicator state={connection()} waiting={waiting()} />
        <span class="hint">{me.name}</span>
        <button class="button button--link" type="button" onClick={() => void signOut()}>Sign out</button>
      </header>
      <main class="shell__main">
        <Show when={docName()} keyed fallback={<p class="empty hint">This workspace has no record open. Create one with <strong>New account</strong>.</p>}>
          {(name) => <RecordPage client={client} docName={name} me={me} />}
        </Show>
        <p class="hint">Open this page in a second window to edit together; cut the network and keep typing: your changes wait on this device and merge when you are back.</p>
      </main>
    </div>
  )
}
