/**
 * A record that does not exist yet: `#/<ws>/<path>/<id>?new=1` opens an empty page, and nothing is
 * written until the user types (DESIGN.md §4: ids are made here, so this works offline). Fields
 * to prefill ride along in the same query (`customerType=account&customerId=…` for a case opened
 * from an account); only fields of the type whose values pass its checks are taken.
 */
import type { Scalar } from '../../../shared/doc/record-doc'
import { isServerOwned } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'
import { valueProblem } from '../../../shared/schema/values'

export interface NewRecordQuery {
  isNew: boolean
  prefill: Record<string, Scalar>
}

/** What a location hash says about a new record of `type`. */
export function newRecordQuery(hash: string, type: RecordType): NewRecordQuery {
  const at = hash.indexOf('?')
  const params = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1))
  const prefill: Record<string, Scalar> = {}
  for (const [key, text] of params) {
    const def = type.fields[key]
    if (!def || isServerOwned(def) || def.kind === 'text' || def.kind === 'set') continue
    const value: Scalar = def.kind === 'integer' || def.kind === 'number' || def.kind === 'money' ? Number(text) : def.kind === 'boolean' ? text === 'true' : text
    if (valueProblem(def, value) === null) prefill[key] = value
  }
  return { isNew: params.get('new') === '1', prefill }
}

/** The query of a new record's address: `?new=1` and the fields to prefill. */
export function newRecordSearch(prefill: Record<string, string> = {}): string {
  return `?${new URLSearchParams({ new: '1', ...prefill }).toString()}`
}
