/**
 * A record's field history (GET …/history): who changed which field, when, from what to what,
 * including the server's repairs and values that lost to a concurrent edit; restoring an earlier
 * value writes it back as the user's edit (POST …/history/<id>/restore). Needs the network, and says so.
 */
import { For, Show, createResource, createSignal } from 'solid-js'
import type { RecordType } from '../../../shared/schema/record-type'
import { displayValue } from './display-value'
import { ApiError, recordApi, type HistoryEntry } from './record-api'

export function HistoryPanel(props: {
  workspaceId: string
  type: RecordType
  recordId: string
  titleOf: (id: string) => string
  readOnly: boolean
  /** Bumps when the record changes, to load the history again. */
  version: number
  onClose: () => void
}) {
  const [pages, setPages] = createSignal<HistoryEntry[]>([])
  const [cursor, setCursor] = createSignal<string | null>(null)
  const [message, setMessage] = createSignal('')
  const [history, { refetch }] = createResource(() => props.version, async () => {
    const page = await recordApi.history(props.workspaceId, props.type.path, props.recordId)
    setPages([])
    setCursor(page.next)
    return page
  })
  const more = async () => {
    const next = cursor()
    if (!next) return
    try {
      const page = await recordApi.history(props.workspaceId, props.type.path, props.recordId, next)
      setPages((p) => [...p, ...page.items])
      setCursor(page.next)
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 0 ? 'Older changes need the network.' : `Could not load older changes: ${(error as Error).message}`)
    }
  }
  const restore = async (entry: HistoryEntry) => {
    setMessage('')
    try {
      await recordApi.restore(props.workspaceId, props.type.path, props.recordId, entry.id)
      setMessage(`Restored ${label(entry.field)}.`)
      void refetch()
    } catch (error) {
      setMessage(error instanceof ApiError && error.status === 0 ? 'Restoring needs the network.' : `Could not restore: ${(error as Error).message}`)
    }
  }
  // Reading an errored resource throws: look at the page only when it loaded.
  const loaded = () => (history.state === 'ready' || history.state === 'refreshing' ? history.latest : undefined)
  const label = (field: string) => props.type.fields[field]?.label ?? field
  const show = (field: string, value: unknown) => displayValue(props.type.fields[field], value, props.titleOf) || 'empty'
  const items = () => [...(loaded()?.items ?? []), ...pages()]
  return (
    <aside class="history" aria-label="History" data-testid="history">
      <header class="related__header">
        <h2>History</h2>
        <button type="button" class="button button--link" onClick={() => props.onClose()}>Close</button>
      </header>
      <Show when={message()}><p class="notice notice--info" role="status">{message()}</p></Show>
      <Show when={history.error}>
        <p class="notice" role="alert">{history.error instanceof ApiError && history.error.status === 0
          ? 'History needs the network: it is kept on the server. It shows again when you are back online.'
          : `Could not load the history: ${(history.error as Error).message}`}</p>
      </Show>
      <Show when={history.state === 'pending'}><p class="hint">Loading the history…</p></Show>
      <ol class="history__list">
        <For each={items()} fallback={<Show when={loaded()}><li class="hint">No changes recorded yet.</li></Show>}>
          {(entry) => (
            <li class="history__item" classList={{ 'history__item--lost': entry.kind === 'lost', 'history__item--server': entry.actor.id === 'server' }}>
              <div class="history__meta">
                <strong>{entry.actor.name ?? (entry.actor.id === 'server' ? 'Tandem (server)' : entry.actor.id)}</strong>
                <time dateTime={entry.at}>{new Date(entry.at).toLocaleString()}</time>
              </div>
              <Show when={entry.kind === 'lost'} fallback={
                <p><span class="history__field">{label(entry.field)}</span>: <q>{show(entry.field, entry.old)}</q> → <q>{show(entry.field, entry.new)}</q></p>
              }>
                <p><span class="history__field">{label(entry.field)}</span>: <q>{show(entry.field, entry.new)}</q> lost to a concurrent edit</p>
              </Show>
              <Show when={!props.readOnly && props.type.fields[entry.field]?.writer !== 'server' && props.type.fields[entry.field]?.kind !== 'set'}>
                <button type="button" class="button button--link" onClick={() => void restore(entry)}>
                  {entry.kind === 'lost' ? 'Use this value' : 'Restore the earlier value'}
                </button>
              </Show>
            </li>
          )}
        </For>
      </ol>
      <Show when={cursor()}><button type="button" class="button button--link" onClick={() => void more()}>Older changes</button></Show>
    </aside>
  )
}
