/**
 * A record's Y.Doc as Solid state: its fields (entering the store once per transaction with
 * `reconcile`), and the people on it from awareness. Follows the session's current document,
 * which the sync layer replaces when the server refuses a change.
 */
import { createEffect, createSignal, onCleanup, type Accessor } from 'solid-js'
import { createStore, reconcile } from 'solid-js/store'
import type { Awareness } from 'y-protocols/awareness'
import type * as Y from 'yjs'
import { readFields, writeFields, type FieldValues, type Scalar } from '../../shared/doc/record-doc'
import type { Presence } from '../ui/avatars'
import type { Identity } from '../identity'
import type { DocSession } from '../sync/doc-session'
import { createObservableSignal } from './create-observable-signal'

export interface RecordView {
  doc: Accessor<Y.Doc>
  awareness: Accessor<Awareness>
  fields: FieldValues
  people: Accessor<Presence[]>
  setField(key: string, value: Scalar | undefined): void
  /** Tells the others which field this user is in (null when none). */
  focus(field: string | null): void
}

export function createRecordView(session: DocSession, me: Identity): RecordView {
  const current = createObservableSignal(session.current)
  const [fields, setFields] = createStore<FieldValues>({})
  const [people, setPeople] = createSignal<Presence[]>([])

  createEffect(() => {
    const { doc, awareness } = current()
    const refresh = () => setFields(reconcile(readFields(doc)))
    refresh()
    doc.on('update', refresh)
    awareness.setLocalStateField('user', { name: me.name, color: me.color })
    const refreshPeople = () => {
      const list: Presence[] = []
      awareness.getStates().forEach((state, clientId) => {
        const user = state.user as { name?: unknown; color?: unknown } | undefined
        if (clientId === awareness.clientID || !user || typeof user.name !== 'string') return
        list.push({ clientId, name: user.name, color: typeof user.color === 'string' ? user.color : '#5b6478', field: typeof state.field === 'string' ? state.field : undefined })
      })
      setPeople(list.sort((a, b) => a.clientId - b.clientId))
    }
    refreshPeople()
    awareness.on('change', refreshPeople)
    onCleanup(() => {
      doc.off('update', refresh)
      awareness.off('change', refreshPeople)
    })
  })

  return {
    doc: () => current().doc,
    awareness: () => current().awareness,
    fields,
    people,
    setField: (key, value) => writeFields(current().doc, { [key]: value }),
    focus: (field) => current().awareness.setLocalStateField('field', field),
  }
}
