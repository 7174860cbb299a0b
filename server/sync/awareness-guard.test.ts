import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { expect, test } from 'vitest'
import { guardAwareness } from './awareness-guard'

const limits = { maxStateBytes: 1000, maxClientsPerConnection: 2 }
const me = { userId: 'u1', name: 'Ada', color: '#123456' }

function awarenessUpdate(clientId: number, state: Record<string, unknown> | null): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const awareness = new awarenessProtocol.Awareness(doc)
  awareness.setLocalState(state)
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId])
  awareness.destroy()
  return update
}

function statesOf(update: Uint8Array): Map<number, unknown> {
  const awareness = new awarenessProtocol.Awareness(new Y.Doc())
  awarenessProtocol.applyAwarenessUpdate(awareness, update, null)
  const states = new Map(awareness.getStates())
  awareness.destroy()
  return states
}

test('a claimed identity is replaced by the session identity, and other fields stay', () => {
  const result = guardAwareness(awarenessUpdate(7, { user: { id: 'u2', name: 'Mallory' }, field: 'name' }), me, new Set(), () => false, limits)
  expect(result.ok).toBe(true)
  if (!result.ok) return
  expect(statesOf(result.update).get(7)).toEqual({ user: { id: 'u1', name: 'Ada', color: '#123456' }, field: 'name' })
  expect(result.clients).toEqual([7])
})

test('a client id another connection controls is refused', () => {
  expect(guardAwareness(awarenessUpdate(7, {}), me, new Set(), (id) => id === 7, limits)).toMatchObject({ ok: false })
})

test('oversized states, too many client ids and malformed bytes are refused', () => {
  expect(guardAwareness(awarenessUpdate(7, { blob: 'x'.repeat(2000) }), me, new Set(), () => false, limits)).toMatchObject({ ok: false })
  expect(guardAwareness(awarenessUpdate(9, {}), me, new Set([7, 8]), () => false, limits)).toMatchObject({ ok: false })
  expect(guardAwareness(Uint8Array.of(1, 7), me, new Set(), () => false, limits)).toMatchObject({ ok: false })
  expect(guardAwareness(Uint8Array.of(200, 200, 200, 1), me, new Set(), () => false, limits)).toMatchObject({ ok: false })
})

test('removing a state (null) passes through untouched', () => {
  const result = guardAwareness(awarenessUpdate(7, null), me, new Set([7]), () => false, limits)
  expect(result.ok).toBe(true)
})

test('entries the room has already seen (a stock provider echoing others\' presence) are dropped, not refused or claimed', () => {
  const others = new Set([7, 8, 9, 10, 11])
  const echo = new Y.Doc()
  const awareness = new awarenessProtocol.Awareness(echo)
  for (const id of others) awarenessProtocol.applyAwarenessUpdate(awareness, awarenessUpdate(id, { cursor: id }), null)
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [...others])
  awareness.destroy()
  const result = guardAwareness(update, me, new Set([1]), (id) => others.has(id), limits, (id) => others.has(id))
  expect(result).toMatchObject({ ok: true, clients: [1] })
  if (result.ok) expect([...statesOf(result.update).keys()].filter((id) => others.has(id))).toEqual([])
})
