/**
 * REST writes meet live editors (issue 4, acceptance 2): a REST edit and an editor's edit of other
 * fields both survive; concurrent writes of one field end equal everywhere with the loser in the
 * field's history. Also duplicate warnings (acceptance 7), full-text `q` on lists, and the commands.
 */
import { describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../../../shared/doc/record-doc'
import { MemoryClient } from '../../testing/memory-connection'
import { recordApiBed } from '../../testing/record-api-bed'

/** This file's server, and a workspace of its own owned by Olivia Owner. */
const bed = recordApiBed('Live Co')

const api = (method: string, path: string, json?: unknown) => bed.call(bed.owner, method, path, json)

async function create(path: string, fields: Record<string, unknown>) {
  const answer = await api('POST', `/${path}`, fields)
  expect(answer.status, answer.text).toBe(201)
  return answer.json as { id: string; version: number; fields: Record<string, unknown>; warnings?: { duplicates: unknown[] } }
}

async function editor(type: string, id: string, clientId: number) {
  const name = `${bed.ws}/${type}/${id}`
  const room = bed.server.services.rooms.open(name)!
  await room.ready
  const client = new MemoryClient(name, clientId, { actor: `user:${bed.owner.user.id}` })
  client.connect(room)
  const settle = async () => {
    for (let i = 0; i < 10; i++) {
      client.flushToServer()
      await bed.server.services.rooms.idle()
      await bed.server.services.log.drain()
      client.flushToClient()
    }
  }
  await settle()
  return { client, settle }
}

describe('a REST edit and a live editor', () => {
  test('editing different fields of one account at once both survive, in the editor and through REST', async () => {
    const account = await create('accounts', { name: 'Both Ltd' })
    const { client, settle } = await editor('account', account.id, 7001)
    writeFields(client.doc, { industry: 'Energy' }) // held: not yet sent
    const patched = await api('PATCH', `/accounts/${account.id}`, { phone: '+44 20 7946 0958' })
    expect(patched.status).toBe(200)
    await settle()
    expect(readFields(client.doc)).toMatchObject({ industry: 'Energy', phone: '+44 20 7946 0958' })
    expect((await api('GET', `/accounts/${account.id}`)).json.fields).toMatchObject({ name: 'Both Ltd', industry: 'Energy', phone: '+44 20 7946 0958' })
    client.destroy()
  })

  test('writing one field at once end equal everywhere, and the losing value is in the field\'s history', async () => {
    const account = await create('accounts', { name: 'Race Ltd' })
    const { client, settle } = await editor('account', account.id, 7002)
    writeFields(client.doc, { industry: 'From the editor' }) // held while REST writes the same field
    expect((await api('PATCH', `/accounts/${account.id}`, { industry: 'From REST' })).status).toBe(200)
    await settle()
    const rest = (await api('GET', `/accounts/${account.id}`)).json.fields.industry
    expect(readFields(client.doc).industry).toBe(rest)
    const loser = rest === 'From REST' ? 'From the editor' : 'From REST'
    const history = (await api('GET', `/accounts/${account.id}/history`)).json.items as Array<{ field: string; new: unknown; kind: string }>
    expect(history.filter((h) => h.field === 'industry' && h.kind === 'lost').map((h) => h.new)).toEqual([loser])
    client.destroy()
  })
})

describe('duplicate warnings', () => {
  test('creating a contact whose email exists names the existing contact; the new contact is still written', async () => {
    const first = await create('contacts', { firstName: 'Nancy', lastName: 'Davolio', email: 'nancy@northwind.example' })
    expect(first.warnings).toEqual({ duplicates: [] })
    const second = await create('contacts', { firstName: 'N.', lastName: 'Davolio-Smith', email: 'Nancy@Northwind.example' })
    expect(second.warnings!.duplicates).toEqual([{ id: first.id, type: 'contact', title: 'Nancy Davolio', reason: 'email' }])
    expect((await api('GET', `/contacts/${second.id}`)).status).toBe(200)
  })

  test('patching an account to another\'s phone warns with that account', async () => {
    const first = await create('accounts', { name: 'Phone One', phone: '+1 (425) 555-0142' })
    const second = await create('accounts', { name: 'Phone Two' })
    const patched = await api('PATCH', `/accounts/${second.id}`, { phone: '425.555.0142' })
    expect(patched.json.warnings.duplicates).toEqual([{ id: first.id, type: 'account', title: 'Phone One', reason: 'phone' }])
  })
})

describe('full-text q on lists', () => {
  test('finds records by part of a name, an accent left out, and a phone written differently', async () => {
    const jose = await create('contacts', { firstName: 'José', lastName: 'Saramago', businessPhone: '+351 21 555 0199' })
    await create('contacts', { firstName: 'Other', lastName: 'Person' })
    const ids = async (q: string) => (await api('GET', `/contacts?q=${encodeURIComponent(q)}`)).json.items.map((r: { id: string }) => r.id)
    expect(await ids('Jose Sara')).toEqual([jose.id])
    expect(await ids('21 555 0199')).toEqual([jose.id])
    const page = await api('GET', `/contacts?q=saramago&sort=-createdAt&limit=1`)
    expect(page.status, page.text).toBe(200)
    expect(page.json.items.map((r: { id: string }) => r.id)).toEqual([jose.id])
    expect(page.json.next).toBeNull()
  })
})

describe('commands', () => {
  test('set and clear an account\'s primary contact, refusing a contact of another account', async () => {
    const account = await create('accounts', { name: 'Primary Co' })
    const other = await create('accounts', { name: 'Elsewhere Co' })
    const ada = await create('contacts', { lastName: 'Ada', accountId: account.id })
    const bob = await create('contacts', { lastName: 'Bob', accountId: other.id })
    const set = await api('POST', `/accounts/${account.id}/primary-contact`, { contactId: ada.id })
    expect(set.status, set.text).toBe(200)
    expect(set.json.fields.primaryContactId).toBe(ada.id)
    expect(set.headers.get('etag')).toBe(`"${set.json.version}"`)
    expect((await api('POST', `/accounts/${account.id}/primary-contact`, { contactId: bob.id })).status).toBe(400)
    expect((await api('POST', `/accounts/${account.id}/primary-contact`, {})).status).toBe(400)
    const cleared = await api('POST', `/accounts/${account.id}/primary-contact`, { contactId: null })
    expect(cleared.json.fields.primaryContactId ?? null).toBeNull()
  })

  test('resolve a case with its resolution and time spent, then reopen it', async () => {
    const account = await create('accounts', { name: 'Case Co' })
    const kase = await create('cases', { title: 'Cannot print', customerType: 'account', customerId: account.id })
    const resolved = await api('POST', `/cases/${kase.id}/resolve`, { resolution: 'Replaced the toner.', timeSpentMinutes: 30 })
    expect(resolved.status, resolved.text).toBe(200)
    expect(resolved.json.fields).toMatchObject({ status: 'resolved', resolution: 'Replaced the toner.', timeSpentMinutes: 30 })
    expect((await api('POST', `/cases/${kase.id}/resolve`, { resolution: 'Again.' })).status).toBe(409)
    expect((await api('POST', `/cases/${kase.id}/resolve`, { resolution: 'x', color: 'red' })).status).toBe(400)
    const reopened = await api('POST', `/cases/${kase.id}/reopen`)
    expect(reopened.status).toBe(200)
    expect(reopened.json.fields.status).toBe('active')
  })
})
