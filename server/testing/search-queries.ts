/**
 * A labelled set of search queries over a generated workspace (issue 4, acceptance 6): for chosen
 * contacts and accounts, what someone looking for them types — part of the name, the name with one
 * typo, the name without its accents, a fragment of the email, the phone in another format, the
 * company's name — each with the record it should find. Used by the search-quality test and the
 * records benchmark.
 */
import { phoneDigits } from '../../shared/search/fold'
import type { GeneratedRecord } from './workspace-generator'
import { seededRandom } from './workspace-generator'

export const QUERY_KINDS = ['name-part', 'typo', 'no-accents', 'email', 'phone', 'company'] as const
export type QueryKind = (typeof QUERY_KINDS)[number]

export interface LabelledQuery {
  kind: QueryKind
  q: string
  /** The record it must find. */
  id: string
  type: string
  title: string
}

const COUNTRY_CODES: Record<string, string> = {
  'United States': '1', Canada: '1', 'United Kingdom': '44', Germany: '49', Switzerland: '41', France: '33', Spain: '34',
}

export function stripAccents(value: string): string {
  return value.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/ß/g, 'ss').replace(/ø/g, 'o').replace(/Ø/g, 'O')
    .replace(/ł/g, 'l').replace(/Ł/g, 'L').replace(/ı/g, 'i').replace(/ð/g, 'd').replace(/[Þþ]/g, 'th')
}

/** `perKind` queries of each kind, targets drawn (seeded) from `records` (contacts and accounts). */
export function labelledQueries(records: readonly GeneratedRecord[], seed: number, perKind: number): LabelledQuery[] {
  const rand = seededRandom(seed)
  const contacts = records.filter((r) => r.type.type === 'contact')
  const accounts = records.filter((r) => r.type.type === 'account')
  const str = (r: GeneratedRecord, key: string) => (typeof r.values[key] === 'string' ? (r.values[key] as string) : '')
  const titleOf = (r: GeneratedRecord) => r.type.type === 'contact' ? `${str(r, 'firstName')} ${str(r, 'lastName')}` : str(r, 'name')
  const queries: LabelledQuery[] = []
  const used = new Set<string>()
  const draw = (pool: readonly GeneratedRecord[], fits: (r: GeneratedRecord) => boolean): GeneratedRecord | null => {
    for (let tries = 0; tries < 2000; tries++) {
      const r = pool[Math.floor(rand() * pool.length)]
      if (r && !used.has(r.id) && fits(r)) { used.add(r.id); return r }
    }
    return null
  }
  const add = (kind: QueryKind, r: GeneratedRecord | null, q: (r: GeneratedRecord) => string) => {
    if (r) queries.push({ kind, q: q(r), id: r.id, type: r.type.type, title: titleOf(r) })
  }
  for (let i = 0; i < perKind; i++) {
    add('name-part', draw(contacts, (r) => str(r, 'lastName').length >= 4),
      (r) => `${str(r, 'firstName')} ${str(r, 'lastName').slice(0, Math.max(3, Math.ceil(str(r, 'lastName').length * 0.6)))}`)
    add('typo', draw(contacts, (r) => stripAccents(str(r, 'lastName')).length >= 5),
      (r) => `${str(r, 'firstName')} ${oneTypo(stripAccents(str(r, 'lastName')), rand)}`)
    add('no-accents', draw(contacts, (r) => stripAccents(titleOf(r)) !== titleOf(r)), (r) => stripAccents(titleOf(r)))
    add('email', draw(contacts, (r) => str(r, 'email').includes('@')), (r) => {
      const [local, domain] = str(r, 'email').split('@') as [string, string]
      return `${local}@${domain.slice(0, 4)}`
    })
    add('phone', draw(contacts, (r) => phoneDigits(str(r, 'businessPhone')).length >= 9), (r) => otherFormat(str(r, 'businessPhone'), str(r, 'country')))
    add('company', draw(accounts, () => true), (r) => (rand() < 0.5 ? stripAccents(str(r, 'name')).toLowerCase() : str(r, 'name')))
  }
  return queries
}

/** One typo in a word: a letter dropped, doubled, swapped with the next, or replaced. */
function oneTypo(word: string, rand: () => number): string {
  const i = 1 + Math.floor(rand() * (word.length - 2)) // never the first letter: people get that right
  switch (Math.floor(rand() * 4)) {
    case 0: return word.slice(0, i) + word.slice(i + 1)
    case 1: return word.slice(0, i) + word[i] + word.slice(i)
    case 2: return word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2)
    default: return word.slice(0, i) + (word[i] === 'e' ? 'a' : 'e') + word.slice(i + 1)
  }
}

/** The same number written another way: national if it was international, international if not. */
function otherFormat(phone: string, country: string): string {
  const digits = phoneDigits(phone)
  const cc = COUNTRY_CODES[country] ?? '1'
  if (cc === '1') {
    const n = digits.length === 11 ? digits.slice(1) : digits
    return phone.trim().startsWith('+') ? `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6)}` : `+1 ${n}`
  }
  if (phone.trim().startsWith('+') || phone.trim().startsWith('00')) {
    const national = digits.slice(cc.length).replace(/^0/, '')
    return `0${national.slice(0, 3)} ${national.slice(3)}`
  }
  return `+${cc} ${digits.replace(/^0/, '')}`
}
