/**
 * Carets and selections in a long text, as Yjs relative positions (plain JSON, sent through
 * awareness): a position names the character it sticks to, not an index, so a colleague's caret
 * stays on the right character while others type before it.
 */
import * as Y from 'yjs'

/** A selection in a long text: where it started (anchor) and where the caret is (head). */
export interface TextCursor {
  anchor: unknown
  head: unknown
}

export function cursorAt(doc: Y.Doc, name: string, anchor: number, head: number): TextCursor {
  const text = doc.getText(name)
  return {
    anchor: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, anchor)),
    head: Y.relativePositionToJSON(Y.createRelativePositionFromTypeIndex(text, head)),
  }
}

/** The indexes of a cursor in the text as it is now; null when it does not resolve (another text, damaged JSON). */
export function cursorIndexes(doc: Y.Doc, name: string, cursor: TextCursor): { anchor: number; head: number } | null {
  const anchor = indexOf(doc, name, cursor.anchor)
  const head = indexOf(doc, name, cursor.head)
  return anchor === null || head === null ? null : { anchor, head }
}

function indexOf(doc: Y.Doc, name: string, json: unknown): number | null {
  if (typeof json !== 'object' || json === null) return null
  try {
    const absolute = Y.createAbsolutePositionFromRelativePosition(Y.createRelativePositionFromJSON(json), doc)
    if (!absolute || absolute.type !== doc.getText(name)) return null
    return absolute.index
  } catch {
    return null
  }
}
