/**
 * Sign in, or create an account. Errors come from the server's own messages, shown at the field
 * they name; what the user typed stays in the form.
 */
import { Show, createResource, createSignal } from 'solid-js'
import { ApiError, authApi, type Me } from '../../api/auth-api'
import { Field } from '../../ui/field'

export function SignInPage(props: { onSignedIn: (me: Me) => void }) {
  const [mode, setMode] = createSignal<'sign-in' | 'sign-up'>('sign-in')
  const [name, setName] = createSignal('')
  const [email, setEmail] = createSignal('')
  const [password, setPassword] = createSignal('')
  const [error, setError] = createSignal<ApiError | null>(null)
  const [busy, setBusy] = createSignal(false)
  const [demo] = createResource(() => authApi.demo())

  const submit = async (event: SubmitEvent) => {
    event.preventDefault()
    setBusy(true)
    setError(null)
    try {
      const me = mode() === 'sign-in' ? await authApi.signIn(email(), password()) : await authApi.signUp(name(), email(), password())
      props.onSignedIn(me)
    } catch (e) {
      setError(e instanceof ApiError ? e : new ApiError(String(e), 0))
    } finally {
      setBusy(false)
    }
  }

  return (
    <main class="auth">
      <form class="card auth__card" onSubmit={submit} aria-labelledby="auth-title">
        <h1 id="auth-title" class="auth__title"><img src="/favicon.svg" alt="" width="28" height="28" /> {mode() === 'sign-in' ? 'Sign in to Tandem' : 'Create your Tandem account'}</h1>
        <Show when={error() && Object.keys(error()!.fields).length === 0}><p class="notice" role="alert">{error()!.message}</p></Show>
        <Show when={mode() === 'sign-up'}>
          <Field label="Your name" for="auth-name" error={error()?.fields.name}>
            <input id="auth-name" autocomplete="name" value={name()} onInput={(e) => setName(e.currentTarget.value)} required />
          </Field>
        </Show>
        <Field label="Email" for="auth-email" error={error()?.fields.email}>
          <input id="auth-email" type="email" autocomplete="email" value={email()} onInput={(e) => setEmail(e.currentTarget.value)} required />
        </Field>
        <Field label="Password" for="auth-password" error={error()?.fields.password}>
          <input id="auth-password" type="password" autocomplete={mode() === 'sign-in' ? 'current-password' : 'new-password'}
            minLength={mode() === 'sign-up' ? 10 : undefined} value={password()} onInput={(e) => setPassword(e.currentTarget.value)} required />
        </Field>
        <button class="button button--primary" type="submit" disabled={busy()}>{busy() ? 'One moment…' : mode() === 'sign-in' ? 'Sign in' : 'Create account'}</button>
        <button class="button button--link" type="button" onClick={() => { setMode(mode() === 'sign-in' ? 'sign-up' : 'sign-in'); setError(null) }}>
          {mode() === 'sign-in' ? 'New here? Create an account' : 'Have an account? Sign in'}
        </button>
        <Show when={demo() && mode() === 'sign-in'}>
          <p class="hint">Trying Tandem on this machine? Sign in as <strong>{demo()!.email}</strong> with the password <strong>{demo()!.password}</strong>{' '}
            <button class="button button--link" type="button" onClick={() => { setEmail(demo()!.email); setPassword(demo()!.password) }}>(fill in)</button></p>
        </Show>
      </form>
    </main>
  )
}
