/**
 * Creates a record in place (a contact from its account, an activity, a relationship): the values
 * are checked with the shared schema first (every problem by field, nothing written), then written
 * to a new document with an id made here, so it works offline and shows in lists at once.
 */
import { writeFields, writeText, type Scalar } from '../../../shared/doc/record-doc'
import { formatDocName } from '../../../shared/doc-name'
import { isUuid, uuidv7 } from '../../../shared/ids'
import { recordType } from '../../../shared/records'
import { initialValues } from '../../../shared/schema/record-type'
import { validateValues, type FieldErrors } from '../../../shared/schema/validate'
import type { SyncClient } from '../../sync/sync-client'

export type CreateResult = { ok: true; id: string } | { ok: false; errors: FieldErrors }

export async function createRecord(
  client: SyncClient, workspaceId: string, typeName: string, values: Record<string, Scalar>, texts: Record<string, string> = {},
): Promise<CreateResult> {
  const type = recordType(typeName)
  if (!type) throw new Error(`Unknown record type ${typeName}`)
  // The owner is whoever creates it, when their id can be one (a user id).
  // Fields left out start at their schema's initial value (an activity is open).
  const given = { ...initialValues(type), ...Object.fromEntries(Object.entries(values).filter(([k, v]) => v !== null && v !== '' && (k !== 'ownerId' || isUuid(String(v))))) }
  const errors = validateValues(type, { ...given, ...texts }, { partial: false })
  if (Object.keys(errors).length > 0) return { ok: false, errors }
  const id = uuidv7()
  const docName = formatDocName({ workspaceId, type: type.type, recordId: id })
  const session = await client.openDocument(docName)
  try {
    session.doc.transact(() => {
      writeFields(session.doc, given)
      for (const [name, text] of Object.entries(texts)) if (text !== '') writeText(session.doc, name, text)
    })
    await session.whenSaved()
  } finally {
    await session.close()
  }
  // Closed before its socket sent it: the batched catch-up uploads it (or it waits, offline).
  void client.catchUp([docName])
  return { ok: true, id }
}
