/**
 * The list of one record type, from the local catalog (every row this device has, own offline
 * edits at once, colleagues' changes live): search as you type, filters and sort on the schema's
 * list columns, the user's choice of columns, a virtualized grid. What the user set up (search,
 * filters, sort, scroll) stays while they open a record and come back.
 */
import { For, Show, createEffect, createMemo, createSignal, onCleanup } from 'solid-js'
import type { RecordType } from '../../../shared/schema/record-type'
import type { Identity } from '../../identity'
import { href, type Navigate } from '../../router'
import { createObservableSignal } from '../../store/create-observable-signal'
import type { SyncClient } from '../../sync/sync-client'
import type { CatalogLists } from './catalog-lists'
import { loadColumnKeys, saveColumnKeys, toggledColumn } from './column-prefs'
import { FilterPanel } from './filter-panel'
import { ListGrid, type GridControl } from './list-grid'
import { cellText, listColumns, type CellContext } from './list-columns'
import { SavedViewsMenu } from './saved-views-menu'
import { applyFilters, nextSort, sortRows, type ListFilter, type ListSort } from './list-query'
import { buildIndexWhenIdle, makeSearcher, searchIndex, type SearchIndex } from './list-search'
import './lists.css'

interface ListState {
  query: string
  filters: ListFilter[]
  sort: ListSort | null
  scrollTop: number
}

/** Per workspace and type, for this page's life: coming back to a list finds it as it was left. */
const remembered = new Map<string, ListState>()

export function ListPage(props: {
  client: SyncClient
  lists: CatalogLists
  workspaceId: string
  type: RecordType
  me: Identity
  canWrite: boolean
  userName: (id: string) => string | undefined
  navigate: Navigate
}) {
  const type = props.type
  const stateKey = `${props.workspaceId}/${type.type}`
  const saved = remembered.get(stateKey) ?? { query: '', filters: [], sort: null, scrollTop: 0 }
  const [query, setQuery] = createSignal(saved.query)
  const [filters, setFilters] = createSignal<ListFilter[]>(saved.filters)
  const [sort, setSort] = createSignal<ListSort | null>(saved.sort)
  const [columnKeys, setColumnKeys] = createSignal(loadColumnKeys(localStorage, props.me.id, type))
  const [showFilters, setShowFilters] = createSignal(saved.filters.length > 0)
  const [showColumns, setShowColumns] = createSignal(false)
  let grid: GridControl | undefined
  onCleanup(() => remembered.set(stateKey, { query: query(), filters: filters(), sort: sort(), scrollTop: grid?.scrollTop() ?? 0 }))

  const allColumns = listColumns(type)
  const columns = createMemo(() => columnKeys().map((key) => allColumns.find((c) => c.key === key)!).filter(Boolean))
  const context: CellContext = {
    userName: (id) => (id === props.me.id ? `${props.me.name} (you)` : props.userName(id)),
    recordTitle: (id) => props.client.catalog.get(id)?.title,
  }

  const rows = createObservableSignal(props.lists.of(type.type))
  // Until then the rows are the start of the list, read from IndexedDB page by page behind it.
  const complete = createObservableSignal(props.client.catalog.fullyLoaded)
  // Every listed record opens offline: documents not held here are fetched in the background
  // (once the list is whole: not for each page read).
  createEffect(() => { if (complete()) props.client.prefetch(rows().map((row) => row.docName)) })
  const sorted = createMemo(() => sortRows(rows(), sort(), allColumns, context))
  const filtered = createMemo(() => applyFilters(sorted(), filters(), allColumns, context))
  // The search index (each row's folded haystack) is built while the browser is idle, so the
  // list shows at once and the first keystroke finds it made; a search before then makes it.
  // (Made again only when the rows change or searching starts, not per keystroke.)
  const [warm, setWarm] = createSignal<SearchIndex | null>(null)
  createEffect(() => onCleanup(buildIndexWhenIdle(filtered(), whenIdle, setWarm)))
  const searching = createMemo(() => query().trim() !== '')
  const index = createMemo<SearchIndex | null>(() => {
    if (!searching()) return null
    const ready = warm()
    return ready?.rows === filtered() ? ready : searchIndex(filtered())
  })
  const search = makeSearcher()
  const shown = createMemo(() => {
    const i = index()
    return i ? search(i, query()) : filtered()
  })

  const open = (id: string) => props.navigate(href.record(props.workspaceId, type.path, id))
  const plural = type.pluralLabel.toLowerCase()
  const count = () => {
    const total = rows().length
    const n = shown().length
    // While the list is still being read, a search covers the rows read so far, and says so.
    const soFar = complete() ? '' : ' read so far…'
    return n === total ? `${total.toLocaleString()} ${total === 1 ? type.label.toLowerCase() : plural}${soFar}` : `${n.toLocaleString()} of ${total.toLocaleString()} ${plural}${soFar}`
  }
  const pendingCount = createMemo(() => rows().reduce((n, row) => n + (row.pending ? 1 : 0), 0))
  const chooseColumn = (key: string) => {
    const next = toggledColumn(type, columnKeys(), key)
    setColumnKeys(next)
    saveColumnKeys(localStorage, props.me.id, type, next)
  }
  const activeFilters = () => filters().filter((f) => f.op === 'empty' || f.op === 'not-empty' || f.value !== '').length

  return (
    <section class="list-page" aria-labelledby="list-title">
      <header class="list-page__header">
        <h1 id="list-title" class="list-page__title">{type.pluralLabel}</h1>
        <span class="list-page__count" aria-live="polite" data-testid="list-count">{count()}</span>
        <Show when={pendingCount() > 0}>
          <span class="list-page__pending"><span class="list-grid__pending" aria-hidden="true" /> {pendingCount()} not yet synced</span>
        </Show>
        <span class="shell__spacer" />
        <Show when={props.canWrite}>
          <a class="button button--primary" href={href.newRecord(props.workspaceId, type.path)}>New {type.label.toLowerCase()}</a>
        </Show>
      </header>
      <div class="list-page__toolbar">
        <label class="list-page__search">
          <span class="visually-hidden">Search {plural}</span>
          <input type="search" placeholder={`Search ${plural}`} value={query()} autocomplete="off" spellcheck={false}
            aria-controls="list-grid" data-testid="list-search"
            onInput={(e) => setQuery(e.currentTarget.value)}
            onKeyDown={(e) => { if (e.key === 'Escape' && query() !== '') { e.preventDefault(); setQuery('') } else grid?.key(e) }} />
        </label>
        <SavedViewsMenu client={props.client} workspaceId={props.workspaceId} type={type} me={props.me} canWrite={props.canWrite}
          current={() => ({ query: query(), filters: filters(), sort: sort(), columns: columnKeys() })}
          apply={(v) => { setQuery(v.query); setFilters(v.filters); setShowFilters(v.filters.length > 0); setSort(v.sort); if (v.columns.length > 0) setColumnKeys(v.columns) }} />
        <button type="button" class="button" aria-expanded={showFilters()} aria-controls="list-filters" onClick={() => setShowFilters(!showFilters())}>
          Filters{activeFilters() > 0 ? ` (${activeFilters()})` : ''}
        </button>
        <div class="list-page__columns" onFocusOut={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setShowColumns(false) }}>
          <button type="button" class="button" aria-expanded={showColumns()} aria-controls="list-columns" onClick={() => setShowColumns(!showColumns())}>Columns</button>
          <Show when={showColumns()}>
            <fieldset id="list-columns" class="list-page__popover" onKeyDown={(e) => { if (e.key === 'Escape') setShowColumns(false) }}>
              <legend>Columns shown</legend>
              <For each={allColumns}>
                {(column) => (
                  <label class="list-page__check">
                    <input type="checkbox" checked={columnKeys().includes(column.key)} onChange={() => chooseColumn(column.key)} />
                    {column.label}
                  </label>
                )}
              </For>
            </fieldset>
          </Show>
        </div>
      </div>
      <Show when={showFilters()}>
        <FilterPanel id="list-filters" columns={allColumns} filters={filters()} onChange={setFilters} />
      </Show>
      <ListGrid id="list-grid" label={type.pluralLabel} rows={shown()} columns={columns()} sort={sort()}
        cell={(row, column) => cellText(row, column, context)}
        href={(row) => href.record(props.workspaceId, type.path, row.id)}
        onOpen={(row) => open(row.id)} onSort={(key) => setSort(nextSort(sort(), key))}
        initialScrollTop={saved.scrollTop} control={(c) => { grid = c }}
        resetOn={JSON.stringify([query().trim(), filters(), sort()])}
        empty={rows().length === 0
          ? <p>No {plural} on this device yet.{props.canWrite ? <> <a href={href.newRecord(props.workspaceId, type.path)}>Create the first one</a>.</> : ''}</p>
          : <p>No {plural} match{query().trim() !== '' ? <> “{query().trim()}”</> : ''}{activeFilters() > 0 ? ' with these filters' : ''}.</p>} />
    </section>
  )
}

function whenIdle(work: () => void): () => void {
  if (typeof requestIdleCallback === 'function') {
    const id = requestIdleCallback(work, { timeout: 1000 })
    return () => cancelIdleCallback(id)
  }
  const id = setTimeout(work, 16)
  return () => clearTimeout(id)
}
