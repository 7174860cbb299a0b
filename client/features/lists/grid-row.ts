/**
 * One row node of the list grid, made once and written in place. The grid keeps a fixed set of
 * these (slots, list-grid.tsx); a slot that moves to another row rewrites its text nodes, link,
 * position and marks, and only the parts that changed (row-face.ts): scrolling makes no node and
 * re-renders nothing, so a frame's work is a few text writes per moved row.
 *
 *   <div role=row class=list-grid__row id aria-rowindex style=transform>
 *     <div role=gridcell class="list-grid__cell list-grid__cell--mark">[pending dot]</div>
 *     <div role=gridcell class=list-grid__cell><a class=list-grid__link href>title | <span>Open</span></a></div>
 *     <div role=gridcell class=list-grid__cell>text</div> …
 */
import { faceChanges, type RowFace } from './row-face'

export interface GridRowView {
  readonly element: HTMLDivElement
  /** The first cell's link (clicks on it open the record in place). */
  readonly link: HTMLAnchorElement
  /** Writes what differs from the face shown before. */
  show(face: RowFace): void
  setActive(active: boolean): void
}

export function makeGridRow(doc: Document, rowId: (index: number) => string, rowHeight: number): GridRowView {
  const element = doc.createElement('div')
  element.setAttribute('role', 'row')
  element.className = 'list-grid__row'
  const mark = cell(doc, 'list-grid__cell list-grid__cell--mark')
  element.append(mark)
  const pendingDot = doc.createElement('span')
  pendingDot.className = 'list-grid__pending'
  pendingDot.title = 'Not yet synced: this change is on this device only'
  pendingDot.append(hidden(doc, 'Not yet synced'))
  const link = doc.createElement('a')
  link.className = 'list-grid__link'
  link.tabIndex = -1
  const open = doc.createElement('span')
  open.className = 'list-grid__muted'
  open.textContent = 'Open'
  let texts: Text[] = []
  let shown: RowFace | null = null

  /** One cell per column, the first holding the link; made again only when the column count changes. */
  const makeCells = (count: number) => {
    while (element.childNodes.length > 1) element.lastChild!.remove()
    texts = []
    for (let c = 0; c < count; c++) {
      const text = doc.createTextNode('')
      const box = cell(doc, 'list-grid__cell')
      if (c === 0) {
        link.replaceChildren(text)
        box.append(link)
      } else box.append(text)
      element.append(box)
      texts.push(text)
    }
    shown = null
  }

  return {
    element,
    link,
    show(face) {
      if (face.cells.length !== texts.length) makeCells(face.cells.length)
      const changed = faceChanges(shown, face)
      if (changed.index) {
        element.id = rowId(face.index)
        element.setAttribute('aria-rowindex', String(face.index + 2))
        element.style.transform = `translateY(${face.index * rowHeight}px)`
      }
      for (const c of changed.cells) {
        const value = face.cells[c]!
        texts[c]!.data = value
        // An untitled record's link says "Open" (an empty link could not be clicked).
        if (c === 0) {
          if (value === '') link.append(open)
          else if (open.parentNode) open.remove()
        }
      }
      if (changed.href) link.href = face.href
      if (changed.pending) {
        element.classList.toggle('list-grid__row--pending', face.pending)
        if (face.pending) mark.append(pendingDot)
        else pendingDot.remove()
      }
      shown = face
    },
    setActive(active) {
      element.classList.toggle('list-grid__row--active', active)
    },
  }
}

function cell(doc: Document, className: string): HTMLDivElement {
  const box = doc.createElement('div')
  box.setAttribute('role', 'gridcell')
  box.className = className
  return box
}

function hidden(doc: Document, text: string): HTMLSpanElement {
  const span = doc.createElement('span')
  span.className = 'visually-hidden'
  span.textContent = text
  return span
}
