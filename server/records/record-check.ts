/**
 * The schema check on the incoming-bytes path (DESIGN.md §3a): a document of a known record type
 * may change only as its schema allows; a document of an unknown type is refused outright.
 */
import { checkChange } from '../../shared/doc/schema-check'
import { ERROR } from '../../shared/errors'
import { recordType } from '../../shared/records'
import type { Check } from '../sync/checks'

export const recordSchemaCheck: Check = {
  name: 'schema',
  check({ doc, change, shadow, trusted }) {
    const type = recordType(doc.type)
    if (!type) return { code: ERROR.UNKNOWN_RECORD_TYPE, message: `there is no record type "${doc.type}"`, details: { type: doc.type } }
    const problem = checkChange(type, change, shadow, trusted)
    return problem ? { code: problem.code, message: problem.message, details: { field: problem.field } } : null
  },
}
