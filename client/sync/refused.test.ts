import 'fake-indexeddb/auto'
import type * as Y from 'yjs'
import { describe, expect, test } from 'vitest'
import { readFields, readText, writeFields, writeText } from '../../shared/doc/record-doc'
import { ERROR } from '../../shared/errors'
import type { Check } from '../../server/sync/checks'
import { when } from './observable'
import { openReplica } from './replica'
import { docFromReplica } from './replica-doc'
import { SYNC_PROBLEM } from './sync-problems'
import { syncTestBed } from './testing/test-bed'
import { newDocName, newNamespace, storedDoc, waitFor } from './testing/harness'


/** A server-side check, as the records issue will plug in: the `secret` field is not writable. */
const noSecret: Check = {
  name: 'test-no-secret',
  check: ({ change }) => change.roots.some((r) => r.root === 'fields' && r.keys.includes('secret'))
    ? { code: ERROR.CHECK_FAILED, message: 'The field "secret" may not be set.', details: { fields: ['secret'] } }
    : null,
}

/** This file's server, with the owner and a colleague signed in; clients are destroyed after each test. */
const bed = syncTestBed({ checks: [noSecret] })
/** A client of the owner's. */
const client = (namespace = newNamespace(), options: Parameters<typeof bed.client>[2] = {}) => bed.client(bed.owner, namespace, options)

/** A started client with a new document open, whose first edit (`edit`) the server accepted and committed. */
async function openWithAcceptedEdit(namespace: string, edit: (doc: Y.Doc) => void) {
  const a = client(namespace)
  await a.client.start()
  const name = newDocName()
  const session = await a.client.openDocument(name)
  await session.whenSynced()
  edit(session.doc)
  await waitFor('the accepted edit is committed', () => session.waiting.get() === 0)
  return { a, name, session }
}

describe('refused changes', () => {
  test('keeps the refused values as a draft, reloads the document under a new client id and shows the server\'s message, when the socket says refused', async () => {
    const namespace = newNamespace()
    const { a, name, session } = await openWithAcceptedEdit(namespace, (doc) => {
      writeFields(doc, { name: 'Mary Jackson' })
      writeText(doc, 'notes', 'Engineer.')
    })
    const refusedDoc = session.doc

    writeFields(session.doc, { secret: 'hunter2', phone: '+1 757 555 0199' })
    const notice = await when(session.refusal, (r) => r !== null)

    expect(notice).toMatchObject({ docName: name, code: ERROR.CHECK_FAILED, message: 'The field "secret" may not be set.' })
    expect(notice!.details).toMatchObject({ fields: ['secret'] })
    expect(notice!.draft).toEqual({ fields: { secret: 'hunter2', phone: '+1 757 555 0199' }, texts: {} })
    expect(session.doc).not.toBe(refusedDoc)
    expect(session.doc.clientID).not.toBe(refusedDoc.clientID)
    expect(readFields(session.doc)).toEqual({ name: 'Mary Jackson' })
    expect(readText(session.doc, 'notes')).toBe('Engineer.')
    expect(session.waiting.get()).toBe(0)
    expect(a.client.problems.get()).toMatchObject([{ kind: SYNC_PROBLEM.REFUSED, docName: name, message: 'The field "secret" may not be set.' }])

    // The refused update is gone from the replica, and the reloaded document syncs and edits.
    expect(readFields(docFromReplica(await openReplica(namespace).loadDocument(name)))).toEqual({ name: 'Mary Jackson' })
    await session.whenSynced()
    writeFields(session.doc, { phone: '+1 757 555 0199' })
    await waitFor('the retried edit is committed', () => session.waiting.get() === 0)
    expect(readFields(await storedDoc(bed.server.services.storage.store, name))).toEqual({ name: 'Mary Jackson', phone: '+1 757 555 0199' })
  })

  test('keeps the refused values as a draft and drops them from the replica, when a catch-up upload is refused', async () => {
    const namespace = newNamespace()
    const { a, name, session } = await openWithAcceptedEdit(namespace, (doc) => writeFields(doc, { name: 'Annie Easley' }))
    a.client.disconnect()
    writeFields(session.doc, { secret: 'x' })
    await session.close()
    expect(a.client.waiting.get()).toBe(1)

    a.client.connect()
    await waitFor('the refusal is shown', () => a.client.problems.get().length > 0)
    expect(a.client.problems.get()).toMatchObject([{
      kind: SYNC_PROBLEM.REFUSED, docName: name, code: ERROR.CHECK_FAILED,
      message: 'The field "secret" may not be set.', draft: { fields: { secret: 'x' }, texts: {} },
    }])
    expect(a.client.waiting.get()).toBe(0)
    expect(readFields(docFromReplica(await openReplica(namespace).loadDocument(name)))).toEqual({ name: 'Annie Easley' })
    expect(a.catchUps[0]).toEqual([name])
  })
})
