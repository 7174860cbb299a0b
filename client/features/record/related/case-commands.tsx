/**
 * A case's Resolve and Reopen (REST commands: the server owns the status and the resolution).
 * Resolve asks for the resolution and the minutes spent; errors are shown as the server gives them;
 * offline, the buttons say the commands need the network.
 */
import { Show, createSignal } from 'solid-js'
import { ApiError, recordApi } from '../record-api'
import type { RelatedProps } from './related-props'

export function CaseCommands(props: RelatedProps) {
  const status = () => props.view.fields.status
  const [asking, setAsking] = createSignal(false)
  const [busy, setBusy] = createSignal(false)
  const [error, setError] = createSignal('')
  const [resolution, setResolution] = createSignal('')
  const [minutes, setMinutes] = createSignal('')
  const run = async (command: () => Promise<unknown>) => {
    setBusy(true)
    setError('')
    try {
      await command()
      setAsking(false)
    } catch (e) {
      setError(e instanceof ApiError && e.status === 0 ? 'Resolving and reopening need the network: the server records them. Try again when you are online.' : (e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const resolve = (e: SubmitEvent) => {
    e.preventDefault()
    const text = resolution().trim()
    const count = Number(minutes())
    if (text === '') return setError('Say how the case was resolved.')
    if (!Number.isInteger(count) || count < 0) return setError('Time spent must be a whole number of minutes (0 or more).')
    void run(() => recordApi.resolveCase(props.workspaceId, props.recordId, text, count))
  }
  return (
    <div class="case-commands" data-testid="case-commands">
      <Show when={!props.online()}><p class="hint">Offline: Resolve and Reopen need the network.</p></Show>
      <Show when={status() === 'active' && !asking()}>
        <button type="button" class="button" disabled={props.readOnly() || !props.online() || busy()} onClick={() => setAsking(true)}>Resolve…</button>
      </Show>
      <Show when={status() !== undefined && status() !== 'active'}>
        <button type="button" class="button" disabled={props.readOnly() || !props.online() || busy()} onClick={() => void run(() => recordApi.reopenCase(props.workspaceId, props.recordId))}>Reopen</button>
      </Show>
      <Show when={status() === undefined}><p class="hint">The case becomes active once it is saved and numbered by the server.</p></Show>
      <Show when={asking()}>
        <form class="inline-form inline-form--wide" onSubmit={resolve} onKeyDown={(e) => { if (e.key === 'Escape') setAsking(false) }}>
          <label>Resolution<textarea rows={2} maxLength={2000} value={resolution()} onInput={(e) => setResolution(e.currentTarget.value)} autofocus /></label>
          <label>Time spent (minutes)<input inputmode="numeric" value={minutes()} onInput={(e) => setMinutes(e.currentTarget.value)} /></label>
          <button class="button button--small" type="submit" disabled={busy() || !props.online()}>Resolve case</button>
          <button class="button button--link" type="button" onClick={() => setAsking(false)}>Cancel</button>
        </form>
      </Show>
      <Show when={error()}><p class="field__error" role="alert">{error()}</p></Show>
    </div>
  )
}
