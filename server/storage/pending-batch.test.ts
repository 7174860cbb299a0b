import { expect, test } from 'vitest'
import type { StoredUpdate } from './document-store'
import { PendingBatch, recordOf } from './pending-batch'

function row(doc: string, title: string, options: { historyId?: string; links?: boolean; search?: boolean; actor?: string } = {}): StoredUpdate {
  return {
    doc, update: new Uint8Array([title.length]), actor: options.actor ?? 'user:ann', clientId: 1,
    record: {
      project: () => ({ workspaceId: 'w', type: 'account', id: doc, data: { name: title }, title, searchText: title, searchBody: title, ownerId: null, accountId: null, refs: [], deleted: false }),
      history: [{ id: options.historyId ?? `${doc}/name`, doc, workspaceId: 'w', recordId: doc, field: 'name', old: null, new: title, actor: options.actor ?? 'user:ann', at: 1, kind: 'edit' }],
      linksChanged: options.links ?? false, searchChanged: options.search ?? false,
    },
  }
}

test('a document keeps every update, the latest projection, each history row at its latest, and any update’s flags', () => {
  const batch = new PendingBatch()
  batch.add(row('a', 'Acme', { links: true }))
  batch.add(row('a', 'Acme Ltd', { search: true }))
  batch.add(row('a', 'Acme Ltd.', { historyId: 'a/lost', actor: 'user:bob' }))
  batch.add(row('b', 'Beta'))
  expect(batch.rows).toBe(4)
  expect(batch.logOf('a').map((r) => r.update[0])).toEqual([4, 8, 9])
  expect(batch.logOf('a').every((r) => !('record' in r))).toBe(true)
  const a = recordOf(batch.docs.get('a')!)!
  expect(a.project().title).toBe('Acme Ltd.')
  expect(a.history.map((h) => [h.id, h.new])).toEqual([['a/name', 'Acme Ltd'], ['a/lost', 'Acme Ltd.']])
  expect([a.linksChanged, a.searchChanged]).toEqual([true, true])
  expect(batch.docs.get('a')!.record!.actor).toBe('user:bob')
  expect(recordOf(batch.docs.get('b')!)!.project().title).toBe('Beta')
})

test('a failed batch put back in front of what came since keeps the order of updates and the latest record state', () => {
  const failed = new PendingBatch()
  failed.add(row('a', 'One', { search: true }))
  const since = new PendingBatch()
  since.add(row('a', 'Three'))
  since.add(row('c', 'Cee'))
  const both = failed.concat(since)
  expect(both.rows).toBe(3)
  expect(both.logOf('a').map((r) => r.update[0])).toEqual([3, 5])
  const a = recordOf(both.docs.get('a')!)!
  expect(a.project().title).toBe('Three')
  expect(a.searchChanged).toBe(true)
  expect([...both.docs.keys()]).toEqual(['a', 'c'])
})
