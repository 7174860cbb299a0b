/**
 * A reference picker over the local catalog: type to search the titles of the records of the
 * allowed types (accents and case ignored), pick with the mouse or the arrow keys and Enter.
 * Works offline: the catalog is on this device.
 */
import { For, Show, createMemo, createSignal } from 'solid-js'
import { fold } from '../../../shared/search/fold'
import { recordType } from '../../../shared/records'
import type { CatalogListRow } from '../../sync/catalog'
import type { SyncClient } from '../../sync/sync-client'

const MAX_SHOWN = 8

export function ReferencePicker(props: {
  client: SyncClient
  id: string
  refTypes: readonly string[]
  /** The id picked now, or null. */
  value: string | null
  /** The title to show for `value`. */
  title: string
  disabled?: boolean
  placeholder?: string
  /** Rows to leave out (the record itself). */
  exclude?: (row: CatalogListRow) => boolean
  onPick(row: CatalogListRow | null): void
  onFocus?: () => void
  onBlur?: () => void
}) {
  const [query, setQuery] = createSignal<string | null>(null)
  const [active, setActive] = createSignal(0)
  // Watched lists are patched as the catalog changes, not re-sorted per keystroke (100,000 contacts).
  const lists = props.refTypes.map((type) => props.client.catalog.watch({ type }))
  const matches = createMemo(() => {
    const q = query()
    if (q === null) return []
    const needle = fold(q.trim())
    const out: CatalogListRow[] = []
    for (const list of lists) {
      for (const row of list.get()) {
        if (props.exclude?.(row)) continue
        if (needle === '' || fold(row.title).includes(needle)) out.push(row)
        if (out.length >= MAX_SHOWN * props.refTypes.length) break
      }
    }
    return out.sort((a, b) => Number(!fold(a.title).startsWith(needle)) - Number(!fold(b.title).startsWith(needle))).slice(0, MAX_SHOWN)
  })
  const pick = (row: CatalogListRow | null) => {
    props.onPick(row)
    setQuery(null)
  }
  const typeLabel = (type: string) => recordType(type)?.label ?? type
  return (
    <div class="picker">
      <input id={props.id} type="search" autocomplete="off" role="combobox" aria-expanded={query() !== null && matches().length > 0}
        aria-controls={`${props.id}-list`} disabled={props.disabled} placeholder={props.placeholder ?? 'Type to search…'}
        value={query() ?? props.title}
        onFocus={(e) => { props.onFocus?.(); e.currentTarget.select() }}
        onBlur={() => { setTimeout(() => setQuery(null), 150); props.onBlur?.() }}
        onInput={(e) => { setQuery(e.currentTarget.value); setActive(0) }}
        onKeyDown={(e) => {
          if (e.key === 'ArrowDown') { e.preventDefault(); if (query() === null) setQuery(''); setActive((i) => Math.min(i + 1, matches().length - 1)) }
          else if (e.key === 'ArrowUp') { e.preventDefault(); setActive((i) => Math.max(i - 1, 0)) }
          else if (e.key === 'Enter' && query() !== null) {
            e.preventDefault()
            const row = matches()[active()]
            if (row) pick(row)
            else if (query()!.trim() === '') pick(null)
          } else if (e.key === 'Escape' && query() !== null) { e.preventDefault(); e.stopPropagation(); setQuery(null); e.currentTarget.value = props.title }
        }} />
      <Show when={props.value && !props.disabled}>
        <button type="button" class="picker__clear" aria-label="Clear" title="Clear" onClick={() => pick(null)}>×</button>
      </Show>
      <Show when={query() !== null}>
        <ul class="picker__list" id={`${props.id}-list`} role="listbox">
          <For each={matches()} fallback={<li class="picker__empty">Nothing matches on this device.</li>}>
            {(row, i) => (
              <li role="option" aria-selected={i() === active()} classList={{ picker__option: true, 'picker__option--active': i() === active() }}
                onMouseDown={(e) => { e.preventDefault(); pick(row) }}>
                {row.title || 'Untitled'}
                <Show when={props.refTypes.length > 1}><span class="picker__type">{typeLabel(row.type)}</span></Show>
              </li>
            )}
          </For>
        </ul>
      </Show>
    </div>
  )
}
