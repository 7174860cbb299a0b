/**
 * The window math of a virtualized list with fixed-height rows: which rows to render for a scroll
 * position (the visible ones plus a margin), and where to scroll to bring a row into view. Only
 * these rows are in the DOM, so 100,000 rows cost what 50 do.
 */
export interface WindowInput {
  scrollTop: number
  viewportHeight: number
  rowHeight: number
  count: number
  /** Rows rendered beyond each edge of the viewport, so a fast scroll shows no blank. */
  overscan: number
}

export interface RowWindow {
  /** First row rendered (inclusive) and last (exclusive). */
  start: number
  end: number
  /** The offset of the first rendered row from the top of the content. */
  offsetTop: number
  /** The height of all the rows: what the scroller scrolls through. */
  totalHeight: number
}

export function rowWindow(input: WindowInput): RowWindow {
  const { rowHeight, count, overscan } = input
  if (rowHeight <= 0) throw new Error(`A row height must be above zero (got ${rowHeight}).`)
  const totalHeight = count * rowHeight
  const scrollTop = Math.max(0, Math.min(input.scrollTop, Math.max(0, totalHeight - input.viewportHeight)))
  const firstVisible = Math.floor(scrollTop / rowHeight)
  const lastVisible = Math.ceil((scrollTop + Math.max(0, input.viewportHeight)) / rowHeight)
  const start = Math.max(0, firstVisible - overscan)
  const end = Math.min(count, lastVisible + overscan)
  return { start, end: Math.max(start, end), offsetTop: start * rowHeight, totalHeight }
}

/** The scroll position that shows row `index` whole, moving as little as possible. */
export function scrollToReveal(index: number, scrollTop: number, viewportHeight: number, rowHeight: number): number {
  const top = index * rowHeight
  const bottom = top + rowHeight
  if (top < scrollTop) return top
  if (bottom > scrollTop + viewportHeight) return Math.max(0, bottom - viewportHeight)
  return scrollTop
}

/** The row a key moves to: arrows by one, Page keys by a viewport, Home and End to the edges. */
export function movedIndex(key: string, index: number, count: number, pageRows: number): number | null {
  if (count === 0) return null
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i))
  switch (key) {
    case 'ArrowDown': return index < 0 ? 0 : clamp(index + 1)
    case 'ArrowUp': return index < 0 ? 0 : clamp(index - 1)
    case 'PageDown': return clamp(index + Math.max(1, pageRows))
    case 'PageUp': return clamp(index - Math.max(1, pageRows))
    case 'Home': return 0
    case 'End': return count - 1
    default: return null
  }
}

/**
 * How many row nodes a window can need: the most rows `rowWindow` renders for this viewport.
 * The grid keeps that many nodes (slots) and reuses them.
 */
export function slotCount(viewportHeight: number, rowHeight: number, overscan: number): number {
  return Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1 + 2 * overscan
}

/**
 * The row a slot shows: slot `s` of `slots` shows the row of the window whose index is `s` modulo
 * `slots`, or -1 when no row of the window falls on it. When the window moves by k rows, only k
 * slots change rows (the others keep their node, text and position): scrolling rewrites a few rows
 * per frame, not all of them.
 */
export function rowInSlot(slot: number, window: Pick<RowWindow, 'start' | 'end'>, slots: number): number {
  const row = window.start + ((((slot - window.start) % slots) + slots) % slots)
  return row < window.end ? row : -1
}
