/**
 * A seeded generator of realistic workspaces (accounts, their contacts, relationships, cases,
 * activities) written through the storage layer as real Yjs documents, for the search tests and the
 * records benchmark. Each record is one document whose first update sets every field, committed
 * with its projection and field history exactly as the sync pipeline commits a new record
 * (server/records/record-recorder.ts), in large batches. The same seed gives the same workspace.
 */
import * as Y from 'yjs'
import { addToSet, createRecordDoc, writeFields, writeText, type Scalar } from '../../shared/doc/record-doc'
import { formatDocName } from '../../shared/doc-name'
import { uuidv7 } from '../../shared/ids'
import { account } from '../../shared/records/account'
import { activity } from '../../shared/records/activity'
import { serviceCase } from '../../shared/records/case'
import { contact } from '../../shared/records/contact'
import { relationship } from '../../shared/records/relationship'
import { relationshipRole } from '../../shared/records/relationship-role'
import { projectValues } from '../../shared/schema/projection'
import type { RecordType } from '../../shared/schema/record-type'
import type { DocumentStore, StoredUpdate } from '../storage/document-store'
import type { HistoryEntry } from '../storage/record-rows'
import * as words from './generated-names'

export interface WorkspaceCounts {
  accounts: number
  contacts: number
  relationships: number
  cases: number
  activities: number
}

export interface GeneratedRecord {
  type: RecordType
  id: string
  values: Record<string, unknown>
}

/** A small deterministic PRNG (mulberry32): the same seed, the same workspace. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const BASE_TIME = Date.UTC(2025, 0, 1)

/** Accounts, then their contacts, then relationships, cases and activities, lazily, in that order. */
export function* generateWorkspace(seed: number, counts: WorkspaceCounts): Generator<GeneratedRecord> {
  const rand = seededRandom(seed)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)]!
  const int = (min: number, max: number) => min + Math.floor(rand() * (max - min + 1))
  let clock = 0
  // Seeded UUIDv7s a millisecond apart, so ids (and their B-tree order) are like real ones.
  const newId = () => {
    const hex = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 16).toString(16)).join('')
    const ms = (BASE_TIME + clock++).toString(16).padStart(12, '0')
    return `${ms.slice(0, 8)}-${ms.slice(8)}-7${hex(3)}-${(8 + int(0, 3)).toString(16)}${hex(3)}-${hex(12)}`
  }

  const roles: string[] = []
  for (const name of ['Colleague', 'Supplier', 'Customer', 'Partner', 'Consultant']) {
    const id = newId()
    roles.push(id)
    yield { type: relationshipRole, id, values: { name, category: 'business', appliesTo: ['account', 'contact'] } }
  }

  const accounts: Array<{ id: string; domain: string; place: (typeof words.CITIES)[number] }> = []
  const names = new Set<string>()
  for (let i = 0; i < counts.accounts; i++) {
    let name = ''
    for (let tries = 0; name === '' || names.has(name); tries++) {
      name = `${pick(words.COMPANY_WORDS)} ${pick(words.COMPANY_KINDS)} ${pick(words.COMPANY_SUFFIXES)}`
      if (tries > 20) name = `${name} ${i}`
    }
    names.add(name)
    const id = newId()
    const domain = `${slug(name.split(' ').slice(0, -1).join(' '))}.${pick(['com', 'de', 'fr', 'co.uk', 'es', 'net'])}`
    const place = pick(words.CITIES)
    accounts.push({ id, domain, place })
    yield {
      type: account, id, values: {
        name, accountNumber: `ACC-${String(100000 + i)}`, type: pick(['customer', 'customer', 'prospect', 'partner', 'vendor', 'competitor']),
        industry: pick(words.INDUSTRIES), website: `https://www.${domain}`, phone: phoneNumber(rand, place.phone),
        email: `info@${domain}`, billingCity: place.city, billingCountry: place.country,
        employees: int(5, 50_000), annualRevenue: int(1, 5000) * 10_000,
        ...(rand() < 0.3 ? { description: `${name} is a ${pick(words.INDUSTRIES).toLowerCase()} business in ${place.city}.` } : {}),
      },
    }
  }

  const contacts: string[] = []
  const emails = new Set<string>()
  for (let i = 0; i < counts.contacts; i++) {
    const id = newId()
    const firstName = pick(words.FIRST_NAMES)
    const lastName = pick(words.LAST_NAMES)
    const employer = accounts.length > 0 ? accounts[i % accounts.length]! : null
    const domain = employer?.domain ?? pick(['example.com', 'mail.com'])
    let email = `${slug(firstName)}.${slug(lastName)}@${domain}`
    for (let n = 2; emails.has(email); n++) email = `${slug(firstName)}.${slug(lastName)}${n}@${domain}`
    emails.add(email)
    const place = employer?.place ?? pick(words.CITIES)
    contacts.push(id)
    yield {
      type: contact, id, values: {
        firstName, lastName, jobTitle: pick(words.JOB_TITLES), email,
        ...(employer ? { accountId: employer.id } : {}),
        businessPhone: phoneNumber(rand, place.phone),
        ...(rand() < 0.5 ? { mobilePhone: phoneNumber(rand, place.phone) } : {}),
        ...(rand() < 0.2 ? { email2: `${slug(firstName)}${int(1, 99)}@${pick(['gmail.com', 'outlook.com', 'web.de', 'orange.fr'])}` } : {}),
        city: place.city, country: place.country, preferredContactMethod: pick(['any', 'email', 'phone']),
        ...(rand() < 0.2 ? { notes: `Met at the ${place.city} trade fair. Prefers ${pick(['mornings', 'email', 'short calls'])}.` } : {}),
      },
    }
  }

  for (let i = 0; i < counts.relationships && contacts.length > 1; i++) {
    const toAccount = rand() < 0.5 && accounts.length > 0
    yield {
      type: relationship, id: newId(), values: {
        fromType: 'contact', fromId: pick(contacts), fromRoleId: pick(roles),
        toType: toAccount ? 'account' : 'contact', toId: toAccount ? pick(accounts).id : pick(contacts), toRoleId: pick(roles),
        description: pick(['Worked together on a project', 'Long-standing supplier', 'Introduced at a conference', 'Former colleague']),
        startDate: `20${int(10, 24)}-0${int(1, 9)}-1${int(0, 9)}`,
      },
    }
  }

  const cases: string[] = []
  for (let i = 0; i < counts.cases; i++) {
    const id = newId()
    const onAccount = rand() < 0.6 || contacts.length === 0
    cases.push(id)
    yield {
      type: serviceCase, id, values: {
        title: pick(words.CASE_TITLES), caseNumber: `CAS-${String(10000 + i).padStart(5, '0')}-${'ABCDEFGH'[int(0, 7)]}`,
        customerType: onAccount ? 'account' : 'contact', customerId: onAccount ? pick(accounts).id : pick(contacts),
        caseType: pick(['question', 'problem', 'request']), priority: pick(['low', 'normal', 'high', 'urgent']),
        status: pick(['active', 'active', 'resolved', 'cancelled']), origin: pick(['phone', 'email', 'web', 'in-person']),
        description: `${pick(words.CASE_TITLES)}: reported by the customer, ${pick(['urgent', 'not urgent', 'second report'])}.`,
      },
    }
  }

  for (let i = 0; i < counts.activities; i++) {
    const regarding = rand()
    const [regardingType, regardingId] = regarding < 0.4 && contacts.length > 0 ? ['contact', pick(contacts)]
      : regarding < 0.8 && accounts.length > 0 ? ['account', pick(accounts).id]
        : cases.length > 0 ? ['case', pick(cases)] : [null, null]
    const due = new Date(BASE_TIME + int(0, 700) * 86_400_000 + int(8, 17) * 3_600_000).toISOString()
    yield {
      type: activity, id: newId(), values: {
        kind: pick(['task', 'phone-call', 'appointment', 'email', 'letter']), subject: pick(words.ACTIVITY_SUBJECTS),
        ...(regardingId ? { regardingType, regardingId } : {}),
        ...(contacts.length > 0 && rand() < 0.5 ? { participants: [pick(contacts)] } : {}),
        dueAt: due, status: pick(['open', 'completed', 'cancelled']), priority: pick(['low', 'normal', 'high']),
        ...(rand() < 0.25 ? { description: `Notes: ${pick(words.ACTIVITY_SUBJECTS).toLowerCase()} and ${pick(words.CASE_TITLES).toLowerCase()}.` } : {}),
      },
    }
  }
}

/** The stored update that creates a record: its document's first update, projection and history. */
export function recordUpdate(workspaceId: string, record: GeneratedRecord, actor: string, clientId: number, at: number): StoredUpdate {
  const { type, id, values } = record
  const doc = createRecordDoc(clientId)
  const scalars: Record<string, Scalar> = {}
  for (const [key, value] of Object.entries(values)) {
    const kind = type.fields[key]?.kind
    if (kind === 'text') writeText(doc, key, value as string)
    else if (kind === 'set') addToSet(doc, key, value as string[])
    else scalars[key] = value as Scalar
  }
  writeFields(doc, scalars)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  const docName = formatDocName({ workspaceId, type: type.type, recordId: id })
  const history: HistoryEntry[] = Object.entries(values).map(([field, value]) => ({
    id: uuidv7(at), doc: docName, workspaceId, recordId: id, field, old: null, new: value, actor, at, kind: 'edit',
  }))
  return {
    doc: docName, update, actor, clientId, bindClients: [clientId], claimOwner: true,
    record: { project: () => ({ workspaceId, type: type.type, id, data: values, ...projectValues(type, id, values) }), history, linksChanged: true, searchChanged: true },
  }
}

export interface WriteOptions {
  /** Records per `appendUpdates` call (one transaction). */
  batchSize?: number
  actor?: string
  /** Called after each batch with the number of records written so far. */
  progress?: (written: number) => void
}

/**
 * Writes the records through the document store in batches; returns how many it wrote, once their
 * projection and search rows are readable by SQL (the embedded store writes them behind its journal).
 */
export async function writeRecords(store: DocumentStore, workspaceId: string, records: Iterable<GeneratedRecord>, options: WriteOptions = {}): Promise<number> {
  const batchSize = options.batchSize ?? 1000
  const actor = options.actor ?? 'server'
  let batch: StoredUpdate[] = []
  let written = 0
  let clientId = 1
  for (const record of records) {
    batch.push(recordUpdate(workspaceId, record, actor, clientId++, BASE_TIME + written + batch.length))
    if (batch.length >= batchSize) {
      await store.appendUpdates(batch)
      written += batch.length
      batch = []
      options.progress?.(written)
    }
  }
  if (batch.length > 0) {
    await store.appendUpdates(batch)
    written += batch.length
    options.progress?.(written)
  }
  await store.flush()
  return written
}

/** A phone number as people write them, in the city's country and one of its usual formats. */
function phoneNumber(rand: () => number, country: 'us' | 'uk' | 'de' | 'fr' | 'es'): string {
  const d = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('')
  const style = Math.floor(rand() * 3)
  switch (country) {
    case 'us': {
      const area = `${2 + Math.floor(rand() * 8)}${d(2)}`, a = d(3), b = d(4)
      return [`+1 (${area}) ${a}-${b}`, `${area}-${a}-${b}`, `+1 ${area} ${a} ${b}`][style]!
    }
    case 'uk': {
      const a = `20${d(1)}`, b = d(3), c = d(4)
      return [`+44 ${a.slice(0, 2)} ${a.slice(2)}${b} ${c}`, `0${a.slice(0, 2)} ${a.slice(2)}${b} ${c}`, `+44 (0)${a} ${b}${c}`][style]!
    }
    case 'de': {
      const a = `${3 + Math.floor(rand() * 6)}${d(1)}`, b = d(7)
      return [`+49 ${a} ${b}`, `0${a} ${b}`, `+49 (0)${a} ${b.slice(0, 3)}-${b.slice(3)}`][style]!
    }
    case 'fr': {
      const n = `${1 + Math.floor(rand() * 5)}${d(8)}`
      return [`+33 ${n[0]} ${n.slice(1, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`, `0${n[0]}.${n.slice(1, 3)}.${n.slice(3, 5)}.${n.slice(5, 7)}.${n.slice(7)}`, `0${n}`][style]!
    }
    case 'es': {
      const n = `9${d(8)}`
      return [`+34 ${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6)}`, `${n.slice(0, 3)} ${n.slice(3, 5)} ${n.slice(5, 7)} ${n.slice(7)}`, `0034 ${n}`][style]!
    }
  }
}

/** Lower case ASCII for emails and domains: "Müller & Co" → "muller-co". */
export function slug(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/ß/g, 'ss').replace(/[øő]/g, 'o').replace(/ł/g, 'l').replace(/[æ]/g, 'ae').replace(/ı/g, 'i').replace(/[ðđ]/g, 'd').replace(/þ/g, 'th')
    .replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '')
}
