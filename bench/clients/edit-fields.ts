/**
 * The account fields the benchmark clients edit: each client of a record sets its own one, to
 * `seq|sentAt`, so every other client can time the edit from the value. They are fields the account
 * schema declares, with room for the value, because our server checks every update against the
 * record's schema (DESIGN.md §3a): an edit the check refused would never be observed.
 */
export const EDIT_FIELDS = [
  'accountNumber', 'industry', 'billingCity', 'shippingCity', 'billingState', 'shippingState', 'billingCountry', 'shippingCountry',
] as const

/** The field client `index` of a record with `perDoc` clients edits. */
export function editFieldOf(index: number, perDoc: number): string {
  if (perDoc > EDIT_FIELDS.length) throw new Error(`the benchmark has edit fields for ${EDIT_FIELDS.length} clients per record, not ${perDoc}`)
  return EDIT_FIELDS[index % perDoc]!
}

/** True for a key one of the benchmark clients edits. */
export function isEditField(key: string): boolean {
  return (EDIT_FIELDS as readonly string[]).includes(key)
}

/** The value of an edit: its sequence number and send time (`performance.now()`), at most 40 characters. */
export function editValue(seq: number, sentAt: number): string {
  return `${seq}|${sentAt.toFixed(3)}`
}

/** The send time in an edit's value. */
export function sentAtOf(value: string): number {
  return Number(value.slice(value.indexOf('|') + 1))
}
