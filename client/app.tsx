/**
 * The app: sign-in, then the workspace the URL names (client/router.ts) in its shell
 * (features/shell/workspace-shell.tsx). Offline, it opens as the last user. An invitation link
 * (`/invite/<token>`) is accepted once the person is signed in, and opens the workspace joined.
 */
import { Match, Show, Switch, createEffect, createSignal } from 'solid-js'
import { DEMO_WORKSPACE_ID } from '../shared/demo'
import { ApiError, authApi, type Me } from './api/auth-api'
import { SignInPage } from './features/auth/sign-in-page'
import { acceptInvitation, invitationToken } from './features/members/accept-invitation'
import { createHashRoute } from './features/shell/create-hash-route'
import { WorkspaceShell } from './features/shell/workspace-shell'
import { lastMe, rememberMe } from './identity'
import { href } from './router'

export function App() {
  const [me, setMe] = createSignal<Me | null | undefined>(undefined)
  const [notice, setNotice] = createSignal<string | null>(null)
  authApi.me().then(
    (value) => { rememberMe(value); setMe(value) },
    // Offline: open as the last user; their changes wait in the local replica.
    (error: unknown) => setMe(error instanceof ApiError && error.status === 0 ? lastMe() : null),
  )
  const signedIn = (value: Me) => { rememberMe(value); setMe(value) }

  // An invitation link: accepted once signed in; the address becomes the workspace's.
  const token = invitationToken(location.pathname)
  let accepting = false
  createEffect(() => {
    const value = me()
    if (!token || !value || accepting) return
    accepting = true
    void acceptInvitation(token).then(async (outcome) => {
      if (outcome.ok) {
        // The new membership first, then the address: the router follows it (replaceState fires no hashchange).
        const fresh = await authApi.me().catch(() => null)
        if (fresh) signedIn(fresh)
        history.replaceState(null, '', `/${href.list(outcome.workspaceId, 'accounts')}`)
        window.dispatchEvent(new HashChangeEvent('hashchange'))
        setNotice(`You joined ${fresh?.workspaces.find((w) => w.id === outcome.workspaceId)?.name ?? 'the workspace'}.`)
      } else {
        history.replaceState(null, '', `/${location.hash}`)
        setNotice(outcome.message)
      }
    })
  })

  return (
    <>
      <Show when={notice()}>
        <p class="notice notice--info app__notice" role="status">
          {notice()} <button type="button" class="button button--link" onClick={() => setNotice(null)}>Dismiss</button>
        </p>
      </Show>
      <Switch>
        <Match when={me() === undefined}><p class="hint" style={{ padding: '2rem' }}>Loading…</p></Match>
        <Match when={me() === null}>
          <SignInPage onSignedIn={signedIn} />
          <Show when={token}><p class="hint app__invite-hint">Sign in or create an account to accept the invitation.</p></Show>
        </Match>
        <Match when={me()}>{(value) => <SignedIn me={value()} onSignedOut={() => { rememberMe(null); setMe(null) }} />}</Match>
      </Switch>
    </>
  )
}

function SignedIn(props: { me: Me; onSignedOut: () => void }) {
  const { route, navigate } = createHashRoute()
  const fallback = () => (props.me.workspaces.find((w) => w.id === DEMO_WORKSPACE_ID) ?? props.me.workspaces[0])?.id ?? null
  const workspaceId = () => route().workspaceId ?? fallback()
  const member = () => props.me.workspaces.some((w) => w.id === workspaceId())
  createEffect(() => {
    // No workspace in the address yet: the user's first one.
    if (route().workspaceId === null && fallback() !== null) navigate(href.list(fallback()!, 'accounts'), { replace: true })
  })
  return (
    <Switch>
      <Match when={props.me.workspaces.length === 0}>
        <p class="empty">You are not a member of any workspace yet. Ask an owner or admin for an invitation link.</p>
      </Match>
      <Match when={workspaceId() !== null && !member()}>
        <div class="empty">
          <p>You are not a member of the workspace “{workspaceId()}”, or it does not exist.</p>
          <p><a href={href.list(fallback()!, 'accounts')}>Open your workspace</a></p>
        </div>
      </Match>
      <Match when={member() && workspaceId()}>
        {/* Keyed: another workspace is another sync client. */}
        <Show when={workspaceId()} keyed>
          {(id) => <WorkspaceShell me={props.me} workspaceId={id} route={route()} navigate={navigate} onSignedOut={props.onSignedOut} />}
        </Show>
      </Match>
    </Switch>
  )
}
