/**
 * Undo and redo of one person's own edits of a record (issue 5): a `Y.UndoManager` over the
 * `fields` map, the record's long texts and its sets that tracks only the origin this editor writes with, so
 * Ctrl+Z never takes back a colleague's change, and a colleague's later edit of another field or
 * another part of a text survives an undo.
 */
import * as Y from 'yjs'
import { FIELDS_ROOT } from './record-doc'

export interface RecordUndo {
  undo(): boolean
  redo(): boolean
  canUndo(): boolean
  canRedo(): boolean
  /** Closes the current step: the next edit starts a new one (a field left, Enter pressed). */
  stopCapturing(): void
  /** Called whenever what can be undone or redone changes. */
  onChange(listener: () => void): () => void
  destroy(): void
}

/**
 * Tracks the edits made with `origin` to the fields and to the named long texts and sets. Edits
 * within `captureMs` of each other are one step (a word typed, not each letter).
 */
export function makeRecordUndo(
  doc: Y.Doc, roots: { texts?: readonly string[]; sets?: readonly string[] }, origin: unknown, captureMs = 500,
): RecordUndo {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the UndoManager's own scope type
  const scope: Array<Y.AbstractType<any>> = [
    doc.getMap(FIELDS_ROOT), ...(roots.texts ?? []).map((name) => doc.getText(name)), ...(roots.sets ?? []).map((name) => doc.getMap(name)),
  ]
  const manager = new Y.UndoManager(scope, { trackedOrigins: new Set([origin]), captureTimeout: captureMs })
  const listeners = new Set<() => void>()
  const changed = () => { for (const listener of [...listeners]) listener() }
  for (const event of ['stack-item-added', 'stack-item-popped', 'stack-cleared'] as const) manager.on(event, changed)
  return {
    undo: () => manager.undo() !== null,
    redo: () => manager.redo() !== null,
    canUndo: () => manager.canUndo(),
    canRedo: () => manager.canRedo(),
    stopCapturing: () => manager.stopCapturing(),
    onChange(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
    destroy() {
      listeners.clear()
      manager.destroy()
    },
  }
}
