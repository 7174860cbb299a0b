/**
 * A record's plain values as lists and search see them: the title, the folded search text, what it
 * references. The server projects every committed state into the `records` table with this; the
 * client does the same for its own offline edits, so its lists show them at once.
 */
import { fold, phoneDigits } from '../search/fold'
import type { RecordType } from './record-type'
import { titleOf } from './record-type'

export type RecordValues = Record<string, unknown>

export interface RecordProjection {
  title: string
  /** Folded names and emails, and phone digits: what trigram search matches against. */
  searchText: string
  /** Folded title and long text: what full-text search matches against. */
  searchBody: string
  ownerId: string | null
  accountId: string | null
  refs: string[]
  deleted: boolean
}

export function projectValues(type: RecordType, id: string, values: RecordValues): RecordProjection {
  const title = titleOf(type, values)
  const names: string[] = []
  const body: string[] = [title]
  const refs = new Set<string>()
  for (const [key, def] of Object.entries(type.fields)) {
    const value = values[key]
    if (def.kind === 'reference' && typeof value === 'string' && value !== '' && !def.refTypes?.includes('user')) refs.add(value)
    if (def.kind === 'set' && def.members === 'reference' && Array.isArray(value)) {
      for (const member of value) if (typeof member === 'string') refs.add(member)
    }
    if (def.kind === 'items' && typeof value === 'object' && value !== null) {
      // An item's references (a stakeholder's contact) are the record's too, for related lists.
      for (const item of Object.values(value as Record<string, Record<string, unknown>>)) {
        for (const [sub, subDef] of Object.entries(def.item ?? {})) {
          const ref = item?.[sub]
          if (subDef.kind === 'reference' && typeof ref === 'string' && ref !== '' && !subDef.refTypes?.includes('user')) refs.add(ref)
        }
      }
    }
    if (typeof value !== 'string' || value === '') continue
    if (def.search === 'name' || def.search === 'email') names.push(fold(value))
    else if (def.search === 'phone') names.push(phoneDigits(value))
    else if (def.search === 'text') body.push(fold(value))
  }
  refs.delete(id)
  return {
    title,
    searchText: names.filter((n) => n !== '').join(' '),
    searchBody: body.join('\n'),
    ownerId: typeof values.ownerId === 'string' ? values.ownerId : null,
    accountId: accountOf(type.type, id, values),
    refs: [...refs].sort(),
    deleted: values.deleted === true,
  }
}

/** The fields a projection's links (title, deletion, references) and search text are made of. */
export interface ProjectionInputs {
  links: ReadonlySet<string>
  search: ReadonlySet<string>
}

const inputsOf = new WeakMap<RecordType, ProjectionInputs>()

/**
 * Which fields `projectValues` reads for the title, deletion and references, and for the search
 * text and body: an edit of none of them leaves those as they were (projection.test.ts checks it
 * for every field of every type). The server uses it to skip the work those rows cost.
 */
export function projectionInputs(type: RecordType): ProjectionInputs {
  let inputs = inputsOf.get(type)
  if (inputs) return inputs
  const links = new Set<string>([...type.titleFields, 'deleted'])
  const search = new Set<string>(type.titleFields)
  for (const [key, def] of Object.entries(type.fields)) {
    if (def.kind === 'reference') links.add(key)
    if (def.kind === 'set' && def.members === 'reference') links.add(key)
    if (def.kind === 'items' && Object.values(def.item ?? {}).some((sub) => sub.kind === 'reference')) links.add(key)
    if (def.search) search.add(key)
  }
  inputs = { links, search }
  inputsOf.set(type, inputs)
  return inputs
}

/** The account a record belongs to, for the account's related lists and the primary-contact rule. */
function accountOf(type: string, id: string, values: RecordValues): string | null {
  const str = (key: string) => (typeof values[key] === 'string' && values[key] !== '' ? (values[key] as string) : null)
  switch (type) {
    case 'account': return id
    case 'contact': return str('accountId')
    case 'case': return values.customerType === 'account' ? str('customerId') : null
    case 'activity': return values.regardingType === 'account' ? str('regardingId') : null
    case 'account-plan': return str('accountId')
    default: return null
  }
}
