/**
 * Duplicate detection on create and update (issue 4): the live records of the same type that look
 * like the same person or company, with the reason — the same email (any email field, case
 * ignored), the same phone (digits, a country-code or trunk-0 difference ignored), or a very similar
 * name: for a contact, among the contacts of the same account; for an account, among all accounts.
 * The database narrows candidates by exact keys (record_keys(search_text), migration 4: emails, and
 * phones by their last nine digits) and, for names, through the trigram index; the exact comparison
 * is made here on their values. A warning, never a refusal: merging comes later.
 */
import { fold, phoneDigits, samePhone } from '../../shared/search/fold'
import { similarity } from '../../shared/search/trigram'
import { projectValues } from '../../shared/schema/projection'
import { titleOf, type RecordType } from '../../shared/schema/record-type'
import type { SqlRunner } from '../storage/sql'
import type { Visibility } from './search'

export type DuplicateReason = 'email' | 'phone' | 'name'

export interface DuplicateCandidate {
  id: string
  type: string
  title: string
  reason: DuplicateReason
}

export interface DuplicateOptions {
  /** Only records the caller may see (server/auth/record-visibility.ts). */
  visibility?: Visibility
}

/** How alike two folded names must be (pg_trgm similarity) to be "very similar". */
export const NAME_SIMILARITY = { sameAccount: 0.6, workspace: 0.8 } as const
const MAX_CANDIDATES = 10
/** Shorter numbers (extensions, short codes) are not compared. */
const PHONE_MIN_DIGITS = 7
/** The digits of a phone's key: the national number without a country code or trunk 0, mostly. */
const PHONE_KEY_DIGITS = 9
/** Name words this long narrow the accounts compared (a very similar name shares them). */
const NAME_WORD = 4

interface Row { id: string; type: string; title: string; data: Record<string, unknown> }

export async function findDuplicates(db: SqlRunner, workspaceId: string, type: RecordType, id: string | null,
  values: Record<string, unknown>, options: DuplicateOptions = {}): Promise<DuplicateCandidate[]> {
  const fieldsOf = (kind: string) => Object.entries(type.fields).filter(([, def]) => def.kind === kind).map(([key]) => key)
  const stringsOf = (data: Record<string, unknown>, keys: string[]) =>
    keys.map((k) => data[k]).filter((v): v is string => typeof v === 'string' && v.trim() !== '')
  const emailFields = fieldsOf('email')
  const phoneFields = fieldsOf('phone')
  const emails = stringsOf(values, emailFields).map((e) => e.trim().toLowerCase())
  const phones = stringsOf(values, phoneFields).filter((p) => phoneDigits(p).length >= PHONE_MIN_DIGITS)

  const found = new Map<string, DuplicateCandidate>()
  const add = (row: Row, reason: DuplicateReason) => {
    if (!found.has(row.id)) found.set(row.id, { id: row.id, type: row.type, title: row.title, reason })
  }
  const candidates = async (condition: string, conditionParams: unknown[]): Promise<Row[]> => {
    const params: unknown[] = [workspaceId, type.type, id ?? '', ...conditionParams]
    let visible = 'true'
    if (options.visibility) {
      const v = await options.visibility('r', params.length + 1)
      visible = v.sql
      params.push(...v.params)
    }
    return db.query<Row>(`select r.id, r.type, r.title, r.data from records r
      join record_search s on s.workspace_id = r.workspace_id and s.id = r.id
      where r.workspace_id = $1 and r.type = $2 and r.id <> $3 and not r.deleted and ${visible} and (${condition})
      limit 200`, params)
  }
  const withKeys = (keys: string[]) => candidates('record_keys(s.search_text) && $4::text[]', [keys])
  const literal = (s: string) => `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

  if (emails.length > 0) {
    const rows = await withKeys(emails.map((e) => `e:${fold(e)}`))
    for (const row of rows) {
      if (stringsOf(row.data, emailFields).some((e) => emails.includes(e.trim().toLowerCase()))) add(row, 'email')
    }
  }
  if (phones.length > 0) {
    const rows = await withKeys([...new Set(phones.map((p) => `p:${phoneDigits(p).slice(-PHONE_KEY_DIGITS)}`))])
    for (const row of rows) {
      if (stringsOf(row.data, phoneFields).some((theirs) => phones.some((ours) => samePhone(ours, theirs)))) add(row, 'phone')
    }
  }
  const name = fold(titleOf(type, values))
  if (name !== '' && (type.type === 'contact' || type.type === 'account')) {
    const accountId = type.type === 'contact' ? projectValues(type, id ?? '', values).accountId : null
    if (type.type === 'account' || accountId) {
      const words = (name.match(/[\p{L}\p{N}]+/gu) ?? []).filter((w) => w.length >= NAME_WORD).sort((a, b) => b.length - a.length).slice(0, 3)
      const rows = type.type === 'contact'
        ? await candidates('r.account_id = $4 and $5 <% s.search_text', [accountId, name])
        : words.length > 0
          ? await candidates(words.map((_, i) => `s.search_text like $${4 + i}`).join(' and '), words.map(literal))
          : await candidates('$4 <% s.search_text', [name])
      const threshold = type.type === 'contact' ? NAME_SIMILARITY.sameAccount : NAME_SIMILARITY.workspace
      for (const row of rows) if (similarity(name, fold(row.title)) >= threshold) add(row, 'name')
    }
  }
  return [...found.values()].slice(0, MAX_CANDIDATES)
}
