/**
 * What one grid row shows, as plain strings (its face), and what changes between two faces. The
 * grid's row nodes are written in place (grid-row.ts): a slot that moves to another row, or whose
 * row changed, writes only the parts that differ, since each DOM write costs that row a style or
 * layout pass in the frame, and scrolling must fit in 16.7 ms.
 */
import type { CatalogListRow } from '../../sync/catalog'
import type { ListColumn } from './list-columns'

export interface RowFace {
  /** The row's place in the list (0-based): its id, `aria-rowindex` and position come from it. */
  index: number
  /** The text of each column's cell, in column order. */
  cells: string[]
  /** The record's address, for the first cell's link. */
  href: string
  pending: boolean
}

export interface FaceSource {
  cell(row: CatalogListRow, column: ListColumn): string
  href(row: CatalogListRow): string
}

export function rowFace(row: CatalogListRow, index: number, columns: readonly ListColumn[], source: FaceSource): RowFace {
  return { index, cells: columns.map((column) => source.cell(row, column)), href: source.href(row), pending: row.pending }
}

/** The parts of `next` that differ from `shown` (everything when nothing was shown). */
export interface FaceChanges {
  index: boolean
  /** The columns whose text changed. */
  cells: number[]
  href: boolean
  pending: boolean
}

export function faceChanges(shown: RowFace | null, next: RowFace): FaceChanges {
  const cells: number[] = []
  for (let c = 0; c < next.cells.length; c++) if (shown?.cells[c] !== next.cells[c]) cells.push(c)
  return {
    index: shown?.index !== next.index,
    cells,
    href: shown?.href !== next.href,
    pending: shown?.pending !== next.pending,
  }
}
