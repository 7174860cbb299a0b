/**
 * A virtualized grid of rows with a fixed row height: only the rows in view plus a margin are in
 * the DOM (virtual-window.ts), positioned in a spacer as tall as all the rows, so 100,000 rows
 * scroll like 50. Keyboard: the grid (or the search box, which forwards its keys here) moves the
 * active row with the arrows, Page Up/Down, Home and End; Enter opens it.
 *
 * Scrolling must fit in a frame, so a scroll step writes as little as it can: the grid keeps a
 * fixed set of row nodes (slots) and a slot keeps its row until that row leaves the window
 * (`rowInSlot`), so scrolling by ten rows rewrites ten rows, and each row is laid out alone
 * (fixed width and height, `contain: strict`), never the whole grid. A row node is made once and
 * written in place (grid-row.ts: its text nodes, link and position, only what changed), not
 * re-rendered. The DOM order of the rows is thus not their order; `aria-rowindex` gives each
 * row's place, as ARIA asks of virtual grids.
 */
import { For, Show, createEffect, createMemo, createRenderEffect, createSignal, onCleanup, onMount, type JSX } from 'solid-js'
import type { CatalogListRow } from '../../sync/catalog'
import type { ListColumn } from './list-columns'
import type { ListSort } from './list-query'
import { makeGridRow } from './grid-row'
import { rowFace, type FaceSource } from './row-face'
import { movedIndex, rowInSlot, rowWindow, scrollToReveal, slotCount } from './virtual-window'

export const ROW_HEIGHT = 34
const HEADER_HEIGHT = 36
const OVERSCAN = 8

export interface GridControl {
  /** Handles a navigation key; true when it was one. */
  key(event: KeyboardEvent): boolean
  scrollTop(): number
}

export function ListGrid(props: {
  id: string
  label: string
  rows: readonly CatalogListRow[]
  columns: readonly ListColumn[]
  cell: (row: CatalogListRow, column: ListColumn) => string
  href: (row: CatalogListRow) => string
  onOpen: (row: CatalogListRow) => void
  sort: ListSort | null
  onSort: (key: string) => void
  initialScrollTop?: number
  /** Changes when the user changes what the list shows (search, filters, sort). */
  resetOn: string
  control?: (control: GridControl) => void
  empty: JSX.Element
}) {
  let scroller!: HTMLDivElement
  const [scrollTop, setScrollTop] = createSignal(0)
  const [height, setHeight] = createSignal(600)
  const [active, setActive] = createSignal(-1)
  const bodyHeight = () => Math.max(0, height() - HEADER_HEIGHT)
  const win = createMemo(() => rowWindow({ scrollTop: scrollTop(), viewportHeight: bodyHeight(), rowHeight: ROW_HEIGHT, count: props.rows.length, overscan: OVERSCAN }))
  const slots = createMemo(() => slotCount(bodyHeight(), ROW_HEIGHT, OVERSCAN))
  const slotList = createMemo(() => Array.from({ length: slots() }, (_, s) => s))
  // Fixed widths (rem): the header and the absolutely placed rows size their tracks alike, and a
  // row's width never depends on its text, so changing one row lays out that row only.
  const widths = () => [1.75, ...props.columns.map((c, i) => (i === 0 ? 16 : c.def.kind === 'enum' ? 11 : 12))]
  const template = () => widths().map((w) => `${w}rem`).join(' ')
  const width = () => `${widths().reduce((sum, w) => sum + w, 0)}rem`
  const rowId = (index: number) => `${props.id}-row-${index}`
  const faceSource: FaceSource = { cell: (row, column) => props.cell(row, column), href: (row) => props.href(row) }

  onMount(() => {
    const observer = new ResizeObserver(() => setHeight(scroller.clientHeight))
    observer.observe(scroller)
    onCleanup(() => observer.disconnect())
    setHeight(scroller.clientHeight)
  })
  // Back at a list: where the user left it, once the rows (maybe still loading) reach that far.
  let restore = props.initialScrollTop ?? 0
  createEffect(() => {
    if (restore > 0 && win().totalHeight >= restore + bodyHeight()) {
      scroller.scrollTop = restore
      restore = 0
    }
  })
  // A new search, filter or sort starts again at the top with no row active; a colleague's change
  // to the rows (a live update) leaves the scroll where the user is.
  createEffect((before: string | undefined) => {
    const key = props.resetOn
    if (before !== undefined && before !== key) {
      setActive(-1)
      if (scroller) scroller.scrollTop = 0
    }
    return key
  })

  const moveTo = (index: number) => {
    setActive(index)
    scroller.scrollTop = scrollToReveal(index, scroller.scrollTop, bodyHeight(), ROW_HEIGHT)
  }
  const key = (event: KeyboardEvent): boolean => {
    if (event.key === 'Enter') {
      const row = props.rows[active()]
      if (!row) return false
      event.preventDefault()
      props.onOpen(row)
      return true
    }
    const next = movedIndex(event.key, active(), props.rows.length, Math.floor(bodyHeight() / ROW_HEIGHT) - 1)
    if (next === null) return false
    event.preventDefault()
    moveTo(next)
    return true
  }
  props.control?.({ key, scrollTop: () => scroller?.scrollTop ?? 0 })

  return (
    <div class="list-grid" role="grid" id={props.id} aria-label={props.label} aria-rowcount={props.rows.length + 1}
      aria-colcount={props.columns.length + 1} tabindex="0" style={{ '--list-columns': template(), '--list-width': width() }}
      aria-activedescendant={active() >= 0 ? rowId(active()) : undefined}
      onKeyDown={(e) => key(e)} onFocus={() => { if (active() < 0 && props.rows.length > 0) setActive(Math.floor(scrollTop() / ROW_HEIGHT)) }}>
      <div class="list-grid__scroller" ref={scroller} onScroll={() => setScrollTop(scroller.scrollTop)}>
        <div role="rowgroup" class="list-grid__head">
          <div role="row" class="list-grid__row list-grid__row--head" aria-rowindex="1">
            <div role="columnheader" class="list-grid__cell list-grid__cell--mark"><span class="visually-hidden">Sync</span></div>
            <For each={props.columns}>
              {(column) => (
                <div role="columnheader" class="list-grid__cell"
                  aria-sort={props.sort?.key === column.key ? (props.sort.direction === 'asc' ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" class="list-grid__sort" tabindex="-1" onClick={() => props.onSort(column.key)}
                    title={`Sort by ${column.label}`}>
                    {column.label}
                    <span class="list-grid__arrow" aria-hidden="true">{props.sort?.key === column.key ? (props.sort.direction === 'asc' ? '▲' : '▼') : ''}</span>
                  </button>
                </div>
              )}
            </For>
          </div>
        </div>
        <Show when={props.rows.length > 0} fallback={<div class="list-grid__empty">{props.empty}</div>}>
          <div role="rowgroup" class="list-grid__body" style={{ height: `${win().totalHeight}px` }}>
            <For each={slotList()}>
              {(slot) => {
                const index = createMemo(() => rowInSlot(slot, win(), slots()))
                const current = () => (index() >= 0 ? props.rows[index()] : undefined)
                const view = makeGridRow(document, rowId, ROW_HEIGHT)
                createRenderEffect(() => {
                  const row = current()
                  if (row) view.show(rowFace(row, index(), props.columns, faceSource))
                })
                createRenderEffect(() => view.setActive(index() >= 0 && active() === index()))
                const open = (row: CatalogListRow | undefined) => {
                  if (!row) return
                  setActive(index())
                  props.onOpen(row)
                }
                view.element.addEventListener('click', (e) => { if (!(e.target as HTMLElement).closest('a')) open(current()) })
                view.link.addEventListener('click', (e) => {
                  if (e.metaKey || e.ctrlKey || e.shiftKey) return
                  e.preventDefault()
                  open(current())
                })
                // A slot with no row (the list is shorter than the window) leaves the DOM.
                return <Show when={current() !== undefined}>{view.element}</Show>
              }}
            </For>
          </div>
        </Show>
      </div>
    </div>
  )
}
