/**
 * Binds a <textarea> to a long-text field: local typing becomes the smallest edit of the Y.Text
 * (with the editor's origin, so undo can tell it from a colleague's), remote edits and undo update
 * the textarea and keep the caret where the user left it, and the caret is reported for presence.
 */
import type * as Y from 'yjs'
import { observeText, readText, transformIndex, writeText } from '../../../shared/doc/record-doc'

export interface TextAreaBindingOptions {
  /** The origin of this editor's writes (the one undo tracks). */
  origin: unknown
  /** Called before the first write of each edit (a new record is created by its first edit). */
  beforeWrite?: () => void
  /** The caret or selection moved (for presence). */
  caret?: (anchor: number, head: number) => void
  /** The text changed, by anyone (to redraw what sits over the textarea). */
  changed?: () => void
}

export function bindTextArea(element: HTMLTextAreaElement, doc: Y.Doc, name: string, options: TextAreaBindingOptions): () => void {
  element.value = readText(doc, name)
  const reportCaret = () => {
    if (document.activeElement !== element) return
    const backward = element.selectionDirection === 'backward'
    options.caret?.(backward ? element.selectionEnd : element.selectionStart, backward ? element.selectionStart : element.selectionEnd)
  }
  const onInput = () => {
    options.beforeWrite?.()
    writeText(doc, name, element.value, options.origin)
    reportCaret()
    options.changed?.()
  }
  element.addEventListener('input', onInput)
  element.addEventListener('select', reportCaret)
  element.addEventListener('keyup', reportCaret)
  element.addEventListener('mouseup', reportCaret)
  element.addEventListener('focus', reportCaret)
  const stop = observeText(doc, name, (value, delta) => {
    const focused = document.activeElement === element
    const start = transformIndex(delta, element.selectionStart)
    const end = transformIndex(delta, element.selectionEnd)
    element.value = value
    if (focused) {
      element.setSelectionRange(start, end)
      reportCaret()
    }
    options.changed?.()
  }, options.origin)
  return () => {
    element.removeEventListener('input', onInput)
    element.removeEventListener('select', reportCaret)
    element.removeEventListener('keyup', reportCaret)
    element.removeEventListener('mouseup', reportCaret)
    element.removeEventListener('focus', reportCaret)
    stop()
  }
}
