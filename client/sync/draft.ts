/**
 * The draft kept when the server refuses a document's local changes: the plain values the user had
 * that the server's state lacks, so nothing they typed is lost and the app can offer it again.
 */
import type * as Y from 'yjs'
import { readFields, readText, rootKinds, type Scalar } from '../../shared/doc/record-doc'

export interface Draft {
  /** Fields whose local value differs from the server's; null where the local change removed it. */
  fields: Record<string, Scalar>
  /** Long texts whose local content differs from the server's, in full. */
  texts: Record<string, string>
}

/** What `local` holds that `server` does not, field by field and text by text. */
export function draftOf(local: Y.Doc, server: Y.Doc): Draft {
  const mine = readFields(local)
  const theirs = readFields(server)
  const fields: Draft['fields'] = {}
  for (const key of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
    if (mine[key] !== theirs[key]) fields[key] = mine[key] ?? null
  }
  const texts: Draft['texts'] = {}
  for (const [name, kind] of Object.entries(rootKinds(local))) {
    if (kind !== 'text') continue
    const text = readText(local, name)
    if (text !== readText(server, name)) texts[name] = text
  }
  return { fields, texts }
}

export function isEmptyDraft(draft: Draft): boolean {
  return Object.keys(draft.fields).length === 0 && Object.keys(draft.texts).length === 0
}
