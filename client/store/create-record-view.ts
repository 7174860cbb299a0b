/**
 * A record's Y.Doc as Solid state: its fields (entering the store once per transaction with
 * `reconcile`), its sets, and the people on it from awareness (the field each is in, their caret
 * in a long text). Follows the session's current document, which the sync layer replaces when the
 * server refuses a change. Every write of this editor carries `EDIT_ORIGIN`, which is what undo
 * tracks: Ctrl+Z takes back only this person's edits. Own writes that lose to a concurrent write
 * of a colleague are collected in `lost`, with both values.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { observeLostWrites } from '../../shared/doc/lost-writes'
import { addToSet, readFields, readSet, readText, removeFromSet, writeFields, type FieldValues, type Scalar } from '../../shared/doc/record-doc'
import { cursorAt, type TextCursor } from '../../shared/doc/text-cursor'
import { makeRecordUndo, type RecordUndo } from '../../shared/doc/undo'
import type { Presence } from '../ui/avatars'
import type { Identity } from '../identity'
import type { DocSession } from '../sync/doc-session'
import { createObservableSignal } from './create-observable-signal'

/** The origin of every write made through this view (and the long-text bindings): what undo tracks. */
export const EDIT_ORIGIN = Symbol('record-edit')
/** Values written for a record being created (owner, the account it was opened from): not undone. */
const CREATE_ORIGIN = Symbol('record-create')

export interface Person extends Presence {
  /** Their caret or selection in a long text. */
  cursor?: { field: string; cursor: TextCursor } | undefined
}

export interface LostNotice {
  field: string
  mine: Scalar
  theirs: Scalar | undefined
  /** Who wrote the winning value, when their presence (or the history) says. */
  by: string
  /** The server's history entry of the loss, when it came from there. */
  entryId?: string
}

export interface RecordViewOptions {
  /** Names of the record's set roots, read into `sets`. */
  setRoots?: readonly string[]
  /** Names of the record's long texts (sets and texts are in undo's scope too). */
  textRoots?: readonly string[]
  /** For a record not created yet: values written with its first edit (owner, prefilled links), shown until then. */
  creation?: () => Record<string, Scalar> | null
}

export interface RecordView {
  doc: Accessor<Y.Doc>
  awareness: Accessor<Awareness>
  fields: FieldValues
  sets: Record<string, string[]>
  /** The long texts, as plain strings (the textareas bind to the document itself). */
  texts: Record<string, string>
  people: Accessor<Person[]>
  /** True once the document has any field (a new record is created by its first edit). */
  exists: Accessor<boolean>
  setField(key: string, value: Scalar | undefined): void
  setFields(patch: Record<string, Scalar | undefined>): void
  addMember(root: string, member: string): void
  removeMember(root: string, member: string): void
  /** Writes the creation values now if the record is new (before a long-text binding's first write). */
  ensureCreated(): void
  /** Tells the others which field this user is in (null when none). */
  focus(field: string | null): void
  /** Tells the others where this user's caret is in a long text (null: none). */
  caret(field: string, anchor: number, head: number): void
  undo(): boolean
  redo(): boolean
  /** Closes the current undo step (a field left, Enter). */
  stopCapturing(): void
  lost: Accessor<LostNotice[]>
  /** Adds losses found elsewhere (the server's history); a loss seen live for the same field stays. */
  addLost(notices: LostNotice[]): void
  dismissLost(field: string): void
}

export function createRecordView(session: DocSession, me: Identity, options: RecordViewOptions = {}): RecordView {
  const current = createObservableSignal(session.current)
  const [fields, setFields] = createStore<FieldValues>({})
  const [sets, setSets] = createStore<Record<string, string[]>>({})
  const [texts, setTexts] = createStore<Record<string, string>>({})
  const [people, setPeople] = createSignal<Person[]>([])
  const [exists, setExists] = createSignal(false)
  const [lost, setLost] = createSignal<LostNotice[]>([])
  let undo: RecordUndo | null = null

  createEffect(() => {
    const { doc, awareness } = current()
    const refresh = () => {
      const values = readFields(doc)
      const created = Object.keys(values).length > 0
      // A record not created yet shows what its first edit will write with it (owner, prefilled links).
      setFields(reconcile(created ? values : (options.creation?.() ?? {})))
      setExists(created)
      const next: Record<string, string[]> = {}
      for (const root of options.setRoots ?? []) next[root] = readSet(doc, root)
      setSets(reconcile(next))
      const strings: Record<string, string> = {}
      for (const root of options.textRoots ?? []) strings[root] = readText(doc, root)
      setTexts(reconcile(strings))
    }
    refresh()
    doc.on('update', refresh)
    undo = makeRecordUndo(doc, { texts: options.textRoots ?? [], sets: options.setRoots ?? [] }, EDIT_ORIGIN)
    awareness.setLocalStateField('user', { name: me.name, color: me.color, id: me.id })
    const refreshPeople = () => {
      const list: Person[] = []
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: unknown; color?: unknown } | undefined
        if (clientId === awareness.clientID || !user || typeof user.name !== 'string') return
        const cursor = state.cursor as { field?: unknown; cursor?: TextCursor } | undefined | null
        list.push({
          clientId, name: user.name, color: typeof user.color === 'string' ? user.color : '#5b6478',
          field: typeof state.field === 'string' ? state.field : undefined,
          cursor: cursor && typeof cursor.field === 'string' && cursor.cursor ? { field: cursor.field, cursor: cursor.cursor } : undefined,
        })
      })
      setPeople(list.sort((a, b) => a.clientId - b.clientId))
    }
    refreshPeople()
    awareness.on('change', refreshPeople)
    const stopLost = observeLostWrites(doc, (l) => {
      const winner = awareness.getStates().get(l.by)?.user as { name?: unknown } | undefined
      const notice: LostNotice = { field: l.field, mine: l.mine, theirs: l.theirs, by: typeof winner?.name === 'string' ? winner.name : 'a colleague' }
      setLost((all) => [...all.filter((n) => n.field !== l.field), notice])
    })
    onCleanup(() => {
      doc.off('update', refresh)
      awareness.off('change', refreshPeople)
      stopLost()
      undo?.destroy()
      undo = null
    })
  })

  const ensureCreated = () => {
    const { doc } = current()
    if (Object.keys(readFields(doc)).length > 0) return
    const values = options.creation?.()
    if (values && Object.keys(values).length > 0) writeFields(doc, values, CREATE_ORIGIN)
  }
  const write = (patch: Record<string, Scalar | undefined>) => {
    ensureCreated()
    writeFields(current().doc, patch, EDIT_ORIGIN)
    // A value written again is mine now: an older notice about the field is settled.
    setLost((all) => all.filter((n) => !(n.field in patch)))
  }

  return {
    doc: () => current().doc,
    awareness: () => current().awareness,
    fields,
    sets,
    texts,
    people,
    exists,
    setField: (key, value) => write({ [key]: value }),
    setFields: write,
    addMember: (root, member) => { ensureCreated(); addToSet(current().doc, root, [member], EDIT_ORIGIN) },
    removeMember: (root, member) => removeFromSet(current().doc, root, [member], EDIT_ORIGIN),
    ensureCreated,
    focus: (field) => {
      const awareness = current().awareness
      awareness.setLocalStateField('field', field)
      if (field === null) awareness.setLocalStateField('cursor', null)
    },
    caret: (field, anchor, head) => {
      const { doc, awareness } = current()
      awareness.setLocalStateField('cursor', { field, cursor: cursorAt(doc, field, anchor, head) })
    },
    undo: () => undo?.undo() ?? false,
    redo: () => undo?.redo() ?? false,
    stopCapturing: () => undo?.stopCapturing(),
    lost,
    addLost: (notices) => setLost((all) => [...all, ...notices.filter((n) => !all.some((m) => m.field === n.field))]),
    dismissLost: (field) => setLost((all) => all.filter((n) => n.field !== field)),
  }
}
