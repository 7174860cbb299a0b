/**
 * The saved views of a list: pick one to apply it (search, filters, sort, columns), or save the
 * list as it is now as a view shared with the workspace. Views are records (./saved-views.ts), so
 * the menu follows the local catalog: a colleague's new view shows at once, offline ones too.
 */
import { For, Show, createSignal } from 'solid-js'
import type { RecordType } from '../../../shared/schema/record-type'
import type { Identity } from '../../identity'
import { createCatalogRows } from '../../store/create-catalog-rows'
import type { SyncClient } from '../../sync/sync-client'
import { saveView, viewState, viewValues, type ViewState } from './saved-views'

export function SavedViewsMenu(props: {
  client: SyncClient
  workspaceId: string
  type: RecordType
  me: Identity
  canWrite: boolean
  current: () => ViewState
  apply: (state: ViewState) => void
}) {
  const views = createCatalogRows(props.client, 'saved-view', (row) => row.fields.recordType === props.type.type)
  const [naming, setNaming] = createSignal(false)
  const [name, setName] = createSignal('')
  const [error, setError] = createSignal<string | null>(null)
  const [chosen, setChosen] = createSignal('')
  const choose = (id: string) => {
    setChosen(id)
    const row = views().find((v) => v.id === id)
    if (row) props.apply(viewState(props.type, row.fields))
  }
  const save = async () => {
    const result = await saveView(props.client, props.workspaceId, viewValues(props.type, name(), props.current(), props.me.id))
    if (!result.ok) { setError(Object.values(result.errors).join('; ')); return }
    setError(null)
    setName('')
    setNaming(false)
    setChosen(result.id)
  }
  return (
    <div class="saved-views">
      <select aria-label="Saved views" data-testid="saved-views" value={chosen()} onChange={(e) => choose(e.currentTarget.value)}>
        <option value="">{views().length === 0 ? 'No saved views' : 'Saved views…'}</option>
        <For each={views()}>{(view) => <option value={view.id} selected={view.id === chosen()}>{view.title}</option>}</For>
      </select>
      <Show when={props.canWrite}>
        <Show when={naming()} fallback={<button type="button" class="button" data-testid="save-view" onClick={() => setNaming(true)}>Save view</button>}>
          <input type="text" aria-label="Name of the view" placeholder="Name of the view" maxLength={120} value={name()} autofocus
            onInput={(e) => setName(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); void save() } else if (e.key === 'Escape') { setNaming(false); setError(null) } }} />
          <button type="button" class="button button--primary" onClick={() => void save()}>Save</button>
          <button type="button" class="button button--link" onClick={() => { setNaming(false); setError(null) }}>Cancel</button>
        </Show>
      </Show>
      <Show when={error()}>{(e) => <span class="field__error" role="alert">{e()}</span>}</Show>
    </div>
  )
}
