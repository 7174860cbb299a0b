/**
 * The global search and command palette (Ctrl+K / ⌘K): records of every type from the local
 * catalog at once, the server's search merged in when online, and commands. Arrow keys move,
 * Enter opens, Escape closes and gives focus back where it was.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup, on } from 'solid-js'
import { searchServer, type SearchHit } from '../../api/search-api'
import type { Navigate } from '../../router'
import { createObservableSignal } from '../../store/create-observable-signal'
import type { SyncClient } from '../../sync/sync-client'
import { RECORD_TYPES } from '../../../shared/records'
import type { CatalogLists } from '../lists/catalog-lists'
import { searchIndex, type SearchIndex } from '../lists/list-search'
import { allCommands, localMatches, matchingCommands, mergeResults, type PaletteItem } from './palette-model'
import './palette.css'

const RECORD_LIMIT = 12
const COMMAND_LIMIT = 6
const SERVER_DELAY_MS = 150

export function isPaletteShortcut(event: KeyboardEvent): boolean {
  return (event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 'k'
}

export function CommandPalette(props: {
  client: SyncClient
  lists: CatalogLists
  workspaceId: string
  canWrite: boolean
  canManage: boolean
  navigate: Navigate
  open: boolean
  onClose: () => void
}) {
  const connection = createObservableSignal(props.client.connection)
  const [query, setQuery] = createSignal('')
  const [active, setActive] = createSignal(0)
  const [hits, setHits] = createSignal<{ q: string; hits: SearchHit[] } | null>(null)
  const [serverState, setServerState] = createSignal<'idle' | 'searching' | 'failed'>('idle')
  let input!: HTMLInputElement
  let returnFocus: Element | null = null

  // Every type's list, as the list pages read them (catalog-lists.ts): their search indexes are
  // shared, so a list the user has open is already indexed. Joined when the palette searches.
  let joined: { parts: SearchIndex[]; index: SearchIndex } | null = null
  const index = (): SearchIndex => {
    const parts = RECORD_TYPES.map((t) => searchIndex(props.lists.of(t.type).get()))
    if (!joined || parts.some((part, i) => part !== joined!.parts[i])) {
      joined = { parts, index: { rows: parts.flatMap((p) => p.rows), haystacks: parts.flatMap((p) => p.haystacks) } }
    }
    return joined.index
  }
  // Followed only while open: reading every row on each change of the catalog is for the palette open.
  const [catalogVersion, setCatalogVersion] = createSignal(0)
  createEffect(() => { if (props.open) onCleanup(props.client.catalog.version.subscribe(() => setCatalogVersion((v) => v + 1))) })

  const commands = createMemo(() => allCommands(props.workspaceId, { canWrite: props.canWrite, canManage: props.canManage }))
  const local = createMemo(() => {
    catalogVersion()
    return props.open && query().trim() !== '' ? localMatches(props.workspaceId, index(), query(), RECORD_LIMIT) : []
  })
  const items = createMemo<PaletteItem[]>(() => {
    const q = query().trim()
    const server = hits()?.q === q ? hits()!.hits : []
    const records = q === '' ? [] : mergeResults(props.workspaceId, local(), server, RECORD_LIMIT)
    return [...records, ...matchingCommands(commands(), q).slice(0, q === '' ? commands().length : COMMAND_LIMIT)]
  })

  // The server's search, a moment after the last keystroke, while online.
  createEffect(on([query, () => props.open, connection], ([q, open, state]) => {
    const text = q.trim()
    setServerState('idle')
    if (!open || text.length < 2 || state === 'offline') return
    const controller = new AbortController()
    const timer = setTimeout(() => {
      setServerState('searching')
      searchServer(props.workspaceId, text, { limit: RECORD_LIMIT, signal: controller.signal }).then(
        (found) => { setHits({ q: text, hits: found }); setServerState('idle') },
        (error: unknown) => { if (!controller.signal.aborted) { setServerState('failed'); console.warn('Server search failed:', error) } },
      )
    }, SERVER_DELAY_MS)
    onCleanup(() => { clearTimeout(timer); controller.abort() })
  }))

  createEffect(on(() => props.open, (open) => {
    if (open) {
      returnFocus = document.activeElement
      setQuery('')
      setActive(0)
      queueMicrotask(() => input?.focus())
    } else if (returnFocus instanceof HTMLElement) {
      returnFocus.focus()
    }
  }))
  createEffect(on(items, () => setActive(0)))

  const choose = (item: PaletteItem | undefined) => {
    if (!item) return
    // The page changes: focus goes with it, not back to where the palette was opened.
    returnFocus = null
    props.onClose()
    props.navigate(item.to)
  }
  const keyDown = (event: KeyboardEvent) => {
    const count = items().length
    switch (event.key) {
      case 'ArrowDown': event.preventDefault(); setActive((a) => (count === 0 ? 0 : (a + 1) % count)); break
      case 'ArrowUp': event.preventDefault(); setActive((a) => (count === 0 ? 0 : (a - 1 + count) % count)); break
      case 'Enter': event.preventDefault(); choose(items()[active()]); break
      case 'Escape': event.preventDefault(); props.onClose(); break
    }
  }
  createEffect(() => document.getElementById(`palette-item-${active()}`)?.scrollIntoView({ block: 'nearest' }))

  return (
    <Show when={props.open}>
      <div class="palette__backdrop" onMouseDown={(e) => { if (e.target === e.currentTarget) props.onClose() }}>
        <div class="palette" role="dialog" aria-modal="true" aria-label="Search and commands" data-testid="palette">
          <label class="visually-hidden" for="palette-input">Search records or type a command</label>
          <input id="palette-input" ref={input} class="palette__input" type="text" role="combobox" autocomplete="off" spellcheck={false}
            aria-expanded="true" aria-controls="palette-list" aria-activedescendant={items().length > 0 ? `palette-item-${active()}` : undefined}
            placeholder="Search records, or type a command (New account, Go to Cases…)" value={query()}
            onInput={(e) => setQuery(e.currentTarget.value)} onKeyDown={keyDown} />
          <ul id="palette-list" class="palette__list" role="listbox" aria-label="Results">
            <For each={items()}>
              {(item, i) => (
                <li id={`palette-item-${i()}`} role="option" aria-selected={active() === i()} class="palette__item"
                  classList={{ 'palette__item--active': active() === i(), 'palette__item--command': item.kind === 'command' }}
                  onMouseMove={() => setActive(i())} onClick={() => choose(item)}>
                  <span class="palette__label">{item.label}</span>
                  <Show when={item.pending}><span class="list-grid__pending" title="Not yet synced"><span class="visually-hidden">Not yet synced</span></span></Show>
                  <span class="palette__detail">{item.detail}</span>
                </li>
              )}
            </For>
          </ul>
          <p class="palette__status" aria-live="polite">
            {query().trim() !== '' && items().every((item) => item.kind === 'command') ? 'No records match. ' : ''}
            {connection() === 'offline' ? 'Offline: searching the records on this device.'
              : serverState() === 'searching' ? 'Searching the server too…'
                : serverState() === 'failed' ? 'The server search did not answer; these are the records on this device.'
                  : '↑ ↓ to move, Enter to open, Esc to close'}
          </p>
        </div>
      </div>
    </Show>
  )
}
