/**
 * A steady, seeded edit load on record documents: every tick one writer makes one edit on one of
 * its documents (a new value of the writer's own field, text typed at a random place in the long
 * text, or a few characters deleted), online or not. Fields and text roots are the record type's
 * own (accounts and contacts), so every edit passes the schema check. Every edit is one local
 * update, remembered with what it wrote so a test can later ask whether a document holds it.
 */
import * as prng from 'lib0/prng'
import type * as Y from 'yjs'
import { deleteText, insertText, readFields, readText, writeFields } from '../../shared/doc/record-doc'
import { isCommitted, readCommittedSnapshot, encodeCommittedSnapshot, type UpdateFootprint } from '../../shared/doc/sync-state'
import type { TandemClient } from './sync-client'

/** Per record type: the long text edited, and a string field for each writer (by writer number). */
const SHAPES: Record<string, { text: string; fields: readonly string[] }> = {
  account: { text: 'description', fields: ['accountNumber', 'industry', 'billingCity', 'shippingCity', 'billingState', 'shippingState'] },
  contact: { text: 'notes', fields: ['jobTitle', 'city', 'state', 'country', 'street', 'firstName'] },
}

function shapeOf(docName: string): { text: string; fields: readonly string[] } {
  const type = docName.split('/')[1]!
  const shape = SHAPES[type]
  if (!shape) throw new Error(`the edit load has no fields for a ${type} (${docName})`)
  return shape
}

/** The long-text root the load edits in `docName`. */
export function textRootOf(docName: string): string {
  return shapeOf(docName).text
}

/** The field writer `writer` sets in `docName`. */
function fieldOf(docName: string, writer: number): string {
  const { fields } = shapeOf(docName)
  if (writer >= fields.length) throw new Error(`the edit load has fields for ${fields.length} writers, not ${writer + 1}`)
  return fields[writer]!
}

const fieldValue = (writer: number, n: number) => `w${writer}e${n}`

export interface Edit {
  writer: number
  docName: string
  client: TandemClient
  footprint: UpdateFootprint
  kind: 'field' | 'insert' | 'delete'
  /**
   * For field edits: the writer's own key on the document, and the value it set (`w<writer>e<n>`,
   * so a later value of the same writer is recognisably later).
   */
  field?: { key: string; value: string; n: number }
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
    const text = textRootOf(docName)
    const length = readText(client.doc, text).length
    const roll = prng.real53(this.gen)
    let edit: Pick<Edit, 'kind' | 'field'>
    if (roll < 0.5) {
      const key = fieldOf(docName, writer)
      const value = fieldValue(writer, n)
      writeFields(client.doc, { [key]: value })
      edit = { kind: 'field', field: { key, value, n } }
    } else if (roll < 0.85 || length < 12) {
      insertText(client.doc, text, prng.int32(this.gen, 0, length), `<${writer}.${n}>`)
      edit = { kind: 'insert' }
    } else {
      const count = prng.int32(this.gen, 1, 4)
      deleteText(client.doc, text, prng.int32(this.gen, 0, length - count), count)
      edit = { kind: 'delete' }
    }
    if (client.localUpdates.length !== before + 1) throw new Error('an edit made other than one local update')
    this.edits.push({ writer, docName, client, footprint: client.localUpdates[before]!.footprint, ...edit })
  }
}

/**
 * The edits a document does not hold: a struct or deletion missing, or a field showing neither its
 * value nor a later value of the same writer (each writer has its own field, so only it overwrites it).
 */
export function missingEdits(doc: Y.Doc, edits: readonly Edit[]): Edit[] {
  const state = readCommittedSnapshot(encodeCommittedSnapshot(doc))
  const fields = readFields(doc)
  return edits.filter((e) => !isCommitted(e.footprint, state) || (e.field !== undefined && !showsOrLater(fields[e.field.key], e.writer, e.field.n)))
}

function showsOrLater(value: unknown, writer: number, n: number): boolean {
  const m = typeof value === 'string' ? /^w(\d+)e(\d+)$/.exec(value) : null
  return m !== null && Number(m[1]) === writer && Number(m[2]) >= n
}

export function describeEdit(e: Edit): string {
  return `${e.kind} by writer ${e.writer} on ${e.docName}${e.field ? ` (${e.field.key}=${e.field.value})` : ''}: ${JSON.stringify(e.footprint)}`
}
