/**
 * Binds a <textarea> to a long-text field: local typing becomes the smallest edit of the Y.Text,
 * remote edits update the textarea and keep the caret where the user left it.
 */
import type * as Y from 'yjs'
import { observeText, readText, transformIndex, writeText } from '../../../shared/doc/record-doc'

const LOCAL = Symbol('textarea')

export function bindTextArea(element: HTMLTextAreaElement, doc: Y.Doc, name: string): () => void {
  element.value = readText(doc, name)
  const onInput = () => writeText(doc, name, element.value, LOCAL)
  element.addEventListener('input', onInput)
  const stop = observeText(doc, name, (value, delta) => {
    const focused = document.activeElement === element
    const start = transformIndex(delta, element.selectionStart)
    const end = transformIndex(delta, element.selectionEnd)
    element.value = value
    if (focused) element.setSelectionRange(start, end)
  }, LOCAL)
  return () => {
    element.removeEventListener('input', onInput)
    stop()
  }
}
