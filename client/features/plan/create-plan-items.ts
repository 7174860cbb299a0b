/**
 * The keyed items of an open plan (goals, stakeholders, risks, action items) as a Solid store,
 * entering it once per transaction with `reconcile`, following the session's current document like
 * the record view does. Writes carry the record view's `EDIT_ORIGIN`, as the page's other edits do.
 */
import { createEffect, onCleanup } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import { readKeyedItems, removeKeyedItem, writeKeyedItem, type KeyedItems, type Scalar } from '../../../shared/doc/record-doc'
import { uuidv7 } from '../../../shared/ids'
import { EDIT_ORIGIN, type RecordView } from '../../store/create-record-view'

export const ITEM_ROOTS = ['goals', 'stakeholders', 'risks', 'actions'] as const
export type ItemRoot = (typeof ITEM_ROOTS)[number]

export interface PlanItems {
  items: Record<ItemRoot, KeyedItems>
  /** Adds an item with an id made here; returns the id. One undo step. */
  add(root: ItemRoot, values: Record<string, Scalar>): string
  /** Sets fields of an item: one undo step, unless `typing` (keystrokes in a box join as the record page's do). */
  set(root: ItemRoot, id: string, patch: Record<string, Scalar | undefined>, typing?: boolean): void
  remove(root: ItemRoot, id: string): void
}

export function createPlanItems(view: RecordView): PlanItems {
  const [items, setItems] = createStore<Record<ItemRoot, KeyedItems>>({ goals: {}, stakeholders: {}, risks: {}, actions: {} })
  createEffect(() => {
    const doc = view.doc()
    const refresh = () => {
      const next = {} as Record<ItemRoot, KeyedItems>
      for (const root of ITEM_ROOTS) next[root] = readKeyedItems(doc, root)
      setItems(reconcile(next))
    }
    refresh()
    doc.on('update', refresh)
    onCleanup(() => doc.off('update', refresh))
  })
  /** A discrete change (an add, a pick) is an undo step of its own, however quickly it follows another. */
  const step = (write: () => void) => {
    view.stopCapturing()
    write()
    view.stopCapturing()
  }
  return {
    items,
    add: (root, values) => {
      const id = uuidv7()
      view.ensureCreated()
      step(() => writeKeyedItem(view.doc(), root, id, values, EDIT_ORIGIN))
      return id
    },
    set: (root, id, patch, typing) => {
      if (typing) writeKeyedItem(view.doc(), root, id, patch, EDIT_ORIGIN)
      else step(() => writeKeyedItem(view.doc(), root, id, patch, EDIT_ORIGIN))
    },
    remove: (root, id) => step(() => removeKeyedItem(view.doc(), root, id, EDIT_ORIGIN)),
  }
}
