/**
 * Every committed update writes the record's projection and field history in its transaction
 * (DESIGN.md §5), and the schema check refuses what the update alone shows to be wrong (§3a).
 */
import { expect, test } from 'vitest'
import { readFields, writeFields, writeText } from '../../shared/doc/record-doc'
import { uuidv7 } from '../../shared/ids'
import { connectClient, settle } from '../testing/room-clients'
import { roomTestBed } from '../testing/room-test-bed'

/** This file's storage, and fresh services over it for each test. */
const bed = roomTestBed()

const open = (name: string, clientId: number, actor = 'user:ada') => connectClient(bed.services, name, clientId, actor)

/**
 * Low and high (Yjs client ids 100 and 200) set one account's industry at once, to Retail and to
 * Energy, and `first`'s write reaches the server before the other's. High's value wins either way.
 */
async function concurrentIndustries(first: 'low' | 'high') {
  const id = uuidv7()
  const name = `demo/account/${id}`
  const low = await open(name, 100, 'user:low')
  const high = await open(name, 200, 'user:high')
  writeFields(low.doc, { industry: 'Retail' })
  writeFields(high.doc, { industry: 'Energy' })
  ;(first === 'low' ? low : high).flushToServer()
  await bed.services.log.drain()
  await settle(bed.services, [low, high])
  return { id, low, high }
}

test('a committed edit projects the record and records each changed field with its old value', async () => {
  const id = uuidv7()
  const name = `demo/account/${id}`
  const ada = await open(name, 11)
  writeFields(ada.doc, { name: 'Contoso', phone: '+1 425 555 0100', email: 'info@contoso.example' })
  writeText(ada.doc, 'description', 'Makes parts.')
  await settle(bed.services, [ada])
  writeFields(ada.doc, { name: 'Contoso Ltd' })
  await settle(bed.services, [ada])
  const [row] = await bed.storage.db.query<{ title: string; search_text: string; version: number; data: Record<string, unknown>; change_seq: number }>(
    `select r.title, s.search_text, r.version, r.data, r.change_seq from records r
     join record_search s on s.workspace_id = r.workspace_id and s.id = r.id where r.workspace_id = $1 and r.id = $2`, ['demo', id])
  expect(row?.title).toBe('Contoso Ltd')
  expect(row?.data).toMatchObject({ name: 'Contoso Ltd', phone: '+1 425 555 0100', description: 'Makes parts.' })
  expect(row?.search_text).toContain('14255550100')
  const history = await bed.storage.db.query<{ field: string; old: unknown; new: unknown; actor: string }>(
    'select field, old, new, actor from field_history where record_id = $1 order by field', [id])
  // The two edits of the name by one person are one history row, from nothing to the last value.
  expect(history).toEqual([
    { field: 'description', old: null, new: 'Makes parts.', actor: 'user:ada' },
    { field: 'email', old: null, new: 'info@contoso.example', actor: 'user:ada' },
    { field: 'name', old: null, new: 'Contoso Ltd', actor: 'user:ada' },
    { field: 'phone', old: null, new: '+1 425 555 0100', actor: 'user:ada' },
  ])
})

test('the value that lost a concurrent edit of one field is in the history', async () => {
  // High's write arrives first; low's arrives second and loses (Yjs keeps the higher client id).
  const { id, low } = await concurrentIndustries('high')
  expect(readFields(low.doc).industry).toBe('Energy')
  const history = await bed.storage.db.query<{ kind: string; new: unknown; actor: string }>(
    'select kind, new, actor from field_history where record_id = $1 and field = $2 order by at, kind', [id, 'industry'])
  expect(history).toContainEqual({ kind: 'lost', new: 'Retail', actor: 'user:low' })
  expect(history).toContainEqual({ kind: 'edit', new: 'Energy', actor: 'user:high' })
})

test('an update with an unknown field, a wrong type or an invalid email is refused, named, and not stored', async () => {
  const id = uuidv7()
  const name = `demo/contact/${id}`
  const bob = await open(name, 13, 'user:bob')
  const codes: string[] = []
  let clientId = 20
  for (const bad of [{ shoeSize: 44 }, { lastName: 42 }, { email: 'not-an-email' }, { createdBy: 'me' }, { lastName: 'x'.repeat(81) }]) {
    // A refused client starts again from the server's state under a new client id, as ours does.
    const ada = await open(name, clientId++)
    writeFields(ada.doc, bad)
    await settle(bed.services, [ada, bob])
    expect(ada.refusals[0]?.details?.field).toBe(Object.keys(bad)[0])
    codes.push(ada.refusals[0]!.code)
  }
  expect(codes).toEqual(['UNKNOWN_FIELD', 'INVALID_VALUE', 'INVALID_VALUE', 'SERVER_OWNED_FIELD', 'INVALID_VALUE'])
  expect(readFields(bob.doc)).toEqual({})
  expect(await bed.storage.db.query('select 1 from doc_updates where doc = $1', [name])).toEqual([])
})

test('a contact shows its account\'s name, also when the account arrives after it and when it is renamed', async () => {
  const accountId = uuidv7()
  const contactId = uuidv7()
  const contact = await open(`demo/contact/${contactId}`, 31)
  writeFields(contact.doc, { lastName: 'McKay', accountId })
  await settle(bed.services, [contact])
  const refTitles = async () => (await bed.storage.db.query<{ ref_titles: Record<string, string>; change_seq: number }>(
    'select ref_titles, change_seq from records where workspace_id = $1 and id = $2', ['demo', contactId]))[0]!
  expect((await refTitles()).ref_titles).toEqual({}) // the account has not arrived yet
  const account = await open(`demo/account/${accountId}`, 32)
  writeFields(account.doc, { name: 'Contoso' })
  await settle(bed.services, [account])
  const first = await refTitles()
  expect(first.ref_titles).toEqual({ [accountId]: 'Contoso' })
  writeFields(account.doc, { name: 'Contoso Ltd' })
  await settle(bed.services, [account])
  const renamed = await refTitles()
  expect(renamed.ref_titles).toEqual({ [accountId]: 'Contoso Ltd' })
  expect(renamed.change_seq).toBeGreaterThan(first.change_seq)
  // An edit that changes no title leaves the contact's row alone.
  writeFields(account.doc, { industry: 'Manufacturing' })
  await settle(bed.services, [account])
  expect((await refTitles()).change_seq).toBe(renamed.change_seq)
})

test('the value that lost is in the history as its writer\'s also when the winning write arrives after it', async () => {
  // Low's write arrives first and is the value for a moment; high's, made without seeing it, wins.
  const { id, low, high } = await concurrentIndustries('low')
  expect(readFields(low.doc).industry).toBe('Energy')
  const history = await bed.storage.db.query<{ kind: string; new: unknown; actor: string }>(
    'select kind, new, actor from field_history where record_id = $1 and field = $2 and kind = $3', [id, 'industry', 'lost'])
  expect(history).toEqual([{ kind: 'lost', new: 'Retail', actor: 'user:low' }])
  // A later edit by someone who saw the value is an ordinary edit: nothing lost.
  writeFields(low.doc, { industry: 'Mining' })
  await settle(bed.services, [low, high])
  const lost = await bed.storage.db.query('select 1 from field_history where record_id = $1 and kind = $2', [id, 'lost'])
  expect(lost).toHaveLength(1)
})
