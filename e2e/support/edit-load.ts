/**
 * A steady, seeded edit load on record documents: every tick one writer makes one edit on one of
 * its documents (a new field, text typed at a random place, or a few characters deleted), online
 * or not. Every edit is one local update, remembered with what it wrote so a test can later ask
 * whether a document holds it.
 */
import * as prng from 'lib0/prng'
import type * as Y from 'yjs'
import { deleteText, insertText, readFields, readText, writeFields } from '../../shared/doc/record-doc'
import { isCommitted, readCommittedSnapshot, encodeCommittedSnapshot, type UpdateFootprint } from '../../shared/doc/sync-state'
import type { TandemClient } from './sync-client'

export const TEXT_ROOT = 'notes'

export interface Edit {
  writer: number
  docName: string
  client: TandemClient
  footprint: UpdateFootprint
  kind: 'field' | 'insert' | 'delete'
  /** For field edits: the key (unique to this edit) and value a document must show. */
  field?: { key: string; value: number }
}

export interface Writer {
  writer: number
  docName: string
  client: TandemClient
}

export class EditLoad {
  readonly edits: Edit[] = []
  private timer: ReturnType<typeof setInterval> | null = null
  private n = 0

  constructor(private readonly writers: readonly Writer[], private readonly gen: prng.PRNG, private readonly intervalMs = 10) {}

  start(): void {
    this.timer ??= setInterval(() => this.editOnce(), this.intervalMs)
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  editOnce(): void {
    const { writer, docName, client } = prng.oneOf(this.gen, this.writers as Writer[])
    const n = ++this.n
    const before = client.localUpdates.length
    const length = readText(client.doc, TEXT_ROOT).length
    const roll = prng.real53(this.gen)
    let edit: Pick<Edit, 'kind' | 'field'>
    if (roll < 0.5) {
      const key = `w${writer}e${n}`
      writeFields(client.doc, { [key]: n })
      edit = { kind: 'field', field: { key, value: n } }
    } else if (roll < 0.85 || length < 12) {
      insertText(client.doc, TEXT_ROOT, prng.int32(this.gen, 0, length), `<${writer}.${n}>`)
      edit = { kind: 'insert' }
    } else {
      const count = prng.int32(this.gen, 1, 4)
      deleteText(client.doc, TEXT_ROOT, prng.int32(this.gen, 0, length - count), count)
      edit = { kind: 'delete' }
    }
    if (client.localUpdates.length !== before + 1) throw new Error('an edit made other than one local update')
    this.edits.push({ writer, docName, client, footprint: client.localUpdates[before]!.footprint, ...edit })
  }
}

/** The edits a document does not hold: a struct or deletion missing, or a field without its value. */
export function missingEdits(doc: Y.Doc, edits: readonly Edit[]): Edit[] {
  const state = readCommittedSnapshot(encodeCommittedSnapshot(doc))
  const fields = readFields(doc)
  return edits.filter((e) => !isCommitted(e.footprint, state) || (e.field !== undefined && fields[e.field.key] !== e.field.value))
}

export function describeEdit(e: Edit): string {
  return `${e.kind} by writer ${e.writer} on ${e.docName}${e.field ? ` (${e.field.key}=${e.field.value})` : ''}: ${JSON.stringify(e.footprint)}`
}
