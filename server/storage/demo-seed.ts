/**
 * The demo workspace and its first record, written once on a fresh database. The record is an
 * ordinary document: its first update is stored with the server as actor.
 */
import * as Y from 'yjs'
import { DEMO_ACCOUNT_DESCRIPTION, DEMO_ACCOUNT_FIELDS, DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../../shared/demo'
import { writeFields, writeText } from '../../shared/doc/record-doc'
import { formatDocName } from '../../shared/doc-name'
import type { DocumentStore } from './document-store'

export const DEMO_ACCOUNT_DOC = formatDocName({ workspaceId: DEMO_WORKSPACE_ID, type: 'account', recordId: DEMO_ACCOUNT_ID })

export async function seedDemo(store: DocumentStore): Promise<void> {
  await store.ensureWorkspace(DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME)
  const existing = await store.loadDocument(DEMO_ACCOUNT_DOC)
  if (existing.snapshot || existing.updates.length > 0) return
  const doc = new Y.Doc()
  writeFields(doc, DEMO_ACCOUNT_FIELDS)
  writeText(doc, 'description', DEMO_ACCOUNT_DESCRIPTION)
  await store.appendUpdates([{ doc: DEMO_ACCOUNT_DOC, update: Y.encodeStateAsUpdate(doc), actor: 'server', clientId: doc.clientID }])
  doc.destroy()
}
