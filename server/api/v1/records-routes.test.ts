/**
 * The record API through the real app: create, read, change and delete each record type; lists
 * with filters, sorts and keyset pages; related lists; ETags and If-Match; validation naming every
 * failing field (issue 4, acceptance 1 and 2).
 */
import { beforeAll, describe, expect, test } from 'vitest'
import { readRecord, readText, writeFields, writeText } from '../../../shared/doc/record-doc'
import { uuidv7 } from '../../../shared/ids'
import { recordTypeByPath } from '../../../shared/records/index'
import { extraRoots } from '../../../shared/schema/record-type'
import { call, waitFor } from '../../security/support'
import { MemoryClient } from '../../testing/memory-connection'
import { recordApiBed } from '../../testing/record-api-bed'

/** This file's server, and a workspace of its own owned by Olivia Owner. */
const bed = recordApiBed('Records Co', () => ({ logLevel: 'error' }))

const api = (method: string, path: string, json?: unknown, headers: Record<string, string> = {}, user = bed.owner) => bed.call(user, method, path, json, headers)

async function create(path: string, fields: Record<string, unknown>) {
  const answer = await api('POST', `/${path}`, fields)
  expect(answer.status, answer.text).toBe(201)
  return answer.json as { id: string; version: number; fields: Record<string, unknown> }
}

describe('a record', () => {
  test('created through REST is answered with its fields, metadata, a Location and its version as ETag', async () => {
    const answer = await api('POST', '/accounts', { name: 'Contoso', industry: 'Retail', description: 'Makes parts.' })
    expect(answer.status).toBe(201)
    expect(answer.json).toMatchObject({ type: 'account', deleted: false, createdBy: `user:${bed.owner.user.id}`, updatedBy: `user:${bed.owner.user.id}`,
      fields: { name: 'Contoso', industry: 'Retail', description: 'Makes parts.' } })
    expect(answer.headers.get('etag')).toBe(`"${answer.json.version}"`)
    expect(answer.headers.get('location')).toBe(`/api/v1/${bed.ws}/accounts/${answer.json.id}`)
    expect(answer.json.warnings).toEqual({ duplicates: [] })
    const read = await api('GET', `/accounts/${answer.json.id}`)
    const { warnings: _warnings, ...record } = answer.json
    expect(read.json).toEqual(record)
  })

  test('a case created through REST is answered with its number and active status, and its ETag stays current', async () => {
    const account = await api('POST', '/accounts', { name: 'Fabrikam' })
    const created = await api('POST', '/cases', { title: 'Printer jams', customerType: 'account', customerId: account.json.id })
    expect(created.status).toBe(201)
    expect(created.json.fields).toMatchObject({ status: 'active' })
    expect(created.json.fields.caseNumber).toMatch(/^CAS-\d{6}$/)
    const patched = await api('PATCH', `/cases/${created.json.id}`, { priority: 'high' }, { 'if-match': created.headers.get('etag')! })
    expect(patched.status).toBe(200)
    expect(patched.json.fields.caseNumber).toBe(created.json.fields.caseNumber)
  })

  test('starts with its fields\' initial values, as one made in the app does, unless the request gives others', async () => {
    const account = await create('accounts', { name: 'Northwind' })
    const plain = await create('cases', { title: 'Toner low', customerType: 'account', customerId: account.id })
    expect(plain.fields).toMatchObject({ priority: 'normal', statusReason: 'in-progress' })
    const urgent = await create('cases', { title: 'Line down', customerType: 'account', customerId: account.id, priority: 'high' })
    expect(urgent.fields).toMatchObject({ priority: 'high', statusReason: 'in-progress' })
    const activity = await create('activities', { subject: 'Call back', regardingType: 'account', regardingId: account.id })
    expect(activity.fields).toMatchObject({ kind: 'task', status: 'open', priority: 'normal' })
    const { json: openapi } = await call(bed.server.url, 'GET', '/api/v1/openapi.json')
    const activityCreate = openapi.components.schemas.ActivityCreate
    expect(activityCreate.required).not.toContain('kind') // required, but it has an initial value
    expect(activityCreate.properties.kind.default).toBe('task')
  })

  test('created with a client-made id keeps it, and a second create with that id is refused with 409', async () => {
    const id = uuidv7()
    expect((await api('POST', '/contacts', { id, lastName: 'McKay' })).json.id).toBe(id)
    expect((await api('POST', '/contacts', { id, lastName: 'Other' })).status).toBe(409)
  })

  test('with invalid values is refused with 400 naming every failing field, and nothing is written', async () => {
    const answer = await api('POST', '/contacts', { firstName: 7, email: 'not-an-email', shoeSize: 42, createdBy: 'me', id: 'abc' })
    expect(answer.status).toBe(400)
    expect(answer.json.error.code).toBe('BAD_REQUEST')
    expect(Object.keys(answer.json.error.fields).sort()).toEqual(['id'])
    const again = await api('POST', '/contacts', { firstName: 7, email: 'not-an-email', shoeSize: 42, createdBy: 'me' })
    expect(Object.keys(again.json.error.fields).sort()).toEqual(['createdBy', 'email', 'firstName', 'lastName', 'shoeSize'])
    const cases = await api('POST', '/cases', { title: 'Broken', customerType: 'account', customerId: uuidv7(), status: 'resolved', caseNumber: 'X' })
    expect(Object.keys(cases.json.error.fields).sort()).toEqual(['caseNumber', 'status'])
  })

  test('of an unknown type or id answers 404 with code NOT_FOUND', async () => {
    expect((await api('GET', '/widgets')).status).toBe(404)
    const missing = await api('GET', `/accounts/${uuidv7()}`)
    expect(missing.status).toBe(404)
    expect(missing.json.error.code).toBe('NOT_FOUND')
    expect((await api('GET', '/accounts/not-a-uuid')).status).toBe(404)
  })

  test('read under another type\'s path answers 404', async () => {
    const account = await create('accounts', { name: 'Typed' })
    expect((await api('GET', `/contacts/${account.id}`)).status).toBe(404)
  })

  test('patched changes only the fields given; null clears a field; the ETag moves on', async () => {
    const account = await create('accounts', { name: 'Fabrikam', industry: 'Retail', phone: '+1 425 555 0100' })
    const patched = await api('PATCH', `/accounts/${account.id}`, { industry: 'Manufacturing', phone: null })
    expect(patched.status).toBe(200)
    expect(patched.json.fields).toEqual({ name: 'Fabrikam', industry: 'Manufacturing' })
    expect(patched.json.version).toBeGreaterThan(account.version)
    expect(patched.headers.get('etag')).toBe(`"${patched.json.version}"`)
  })

  test('patched with a stale If-Match is refused with 412 PRECONDITION_FAILED and left as it was; the current one passes', async () => {
    const account = await create('accounts', { name: 'Northwind' })
    await api('PATCH', `/accounts/${account.id}`, { industry: 'Food' })
    const stale = await api('PATCH', `/accounts/${account.id}`, { industry: 'Drinks' }, { 'if-match': `"${account.version}"` })
    expect(stale.status).toBe(412)
    expect(stale.json.error.code).toBe('PRECONDITION_FAILED')
    const current = await api('GET', `/accounts/${account.id}`)
    expect(current.json.fields.industry).toBe('Food')
    const fresh = await api('PATCH', `/accounts/${account.id}`, { industry: 'Drinks' }, { 'if-match': current.headers.get('etag')! })
    expect(fresh.status).toBe(200)
    expect(fresh.json.fields.industry).toBe('Drinks')
  })

  test('takes a long text of the longest length allowed, and refuses one longer naming the field', async () => {
    const account = await create('accounts', { name: 'Long Co', description: 'é'.repeat(100_000) })
    expect((account.fields.description as string).length).toBe(100_000)
    const tooLong = await api('PATCH', `/accounts/${account.id}`, { description: 'x'.repeat(100_001) })
    expect(tooLong.status).toBe(400)
    expect(Object.keys(tooLong.json.error.fields)).toEqual(['description'])
  })

  test('with a set patched becomes the members given', async () => {
    const role = await create('relationship-roles', { name: 'Advisor', appliesTo: ['contact'] })
    const patched = await api('PATCH', `/relationship-roles/${role.id}`, { appliesTo: ['account', 'contact'] })
    expect(patched.json.fields.appliesTo).toEqual(['account', 'contact'])
    const narrowed = await api('PATCH', `/relationship-roles/${role.id}`, { appliesTo: ['account'] })
    expect(narrowed.json.fields.appliesTo).toEqual(['account'])
    expect((await api('PATCH', `/relationship-roles/${role.id}`, { appliesTo: ['planet'] })).json.error.fields).toHaveProperty('appliesTo')
  })

  test('deleted is kept with deleted set, hidden from lists unless asked for with deleted=true', async () => {
    const account = await create('accounts', { name: 'Gone Ltd', industry: 'Deletion' })
    const deleted = await api('DELETE', `/accounts/${account.id}`)
    expect(deleted.status).toBe(200)
    expect(deleted.json.deleted).toBe(true)
    expect((await api('GET', `/accounts/${account.id}`)).json.deleted).toBe(true)
    expect((await api('GET', '/accounts?industry=Deletion')).json.items).toEqual([])
    expect((await api('GET', '/accounts?industry=Deletion&deleted=true')).json.items.map((r: { id: string }) => r.id)).toEqual([account.id])
  })

  test('with a long text patched keeps a live editor\'s concurrent typing elsewhere in it (a minimal diff, not a replacement)', async () => {
    const account = await create('accounts', { name: 'Diff Co', description: 'Alpha beta gamma.' })
    const name = `${bed.ws}/account/${account.id}`
    const room = bed.server.services.rooms.open(name)!
    await room.ready
    const editor = new MemoryClient(name, 4242, { actor: `user:${bed.owner.user.id}` })
    editor.connect(room)
    const settle = async () => {
      for (let i = 0; i < 10; i++) { editor.flushToServer(); await bed.server.services.rooms.idle(); await bed.server.services.log.drain(); editor.flushToClient() }
    }
    await settle()
    expect(readText(editor.doc, 'description')).toBe('Alpha beta gamma.')
    // The editor types at the end while, unseen by it, REST changes the start.
    writeText(editor.doc, 'description', 'Alpha beta gamma. Delta.')
    const patched = await api('PATCH', `/accounts/${account.id}`, { description: 'ALPHA beta gamma.' })
    expect(patched.status).toBe(200)
    await settle()
    expect(readText(editor.doc, 'description')).toBe('ALPHA beta gamma. Delta.')
    await waitFor(async () => (await api('GET', `/accounts/${account.id}`)).json.fields.description === 'ALPHA beta gamma. Delta.', 'the merged text in the projection')
    editor.disconnect()
  })
})

describe('lists', () => {
  let listWs: string
  const listApi = (path: string) => call(bed.server.url, 'GET', `/api/v1/${listWs}${path}`, { cookie: bed.owner.cookie })
  const ids = (answer: { json: { items: Array<{ fields: Record<string, unknown> }> } }) => answer.json.items.map((r) => r.fields.name)

  beforeAll(async () => {
    listWs = await bed.server.services.auth.createWorkspace(bed.owner.user.id, 'Lists Co')
    const names = ['Delta', 'alpha', 'Charlie', 'bravo', 'Echo', 'Foxtrot', 'Golf']
    for (const [i, name] of names.entries()) {
      const answer = await call(bed.server.url, 'POST', `/api/v1/${listWs}/accounts`, { cookie: bed.owner.cookie,
        json: { name, industry: i % 2 === 0 ? 'Retail' : 'Energy', type: i < 3 ? 'customer' : 'prospect', employees: (i * 37) % 100 } })
      expect(answer.status).toBe(201)
    }
  })

  test('are sorted by title (case-insensitively) by default, and by allow-listed fields either way', async () => {
    expect(ids(await listApi('/accounts'))).toEqual(['alpha', 'bravo', 'Charlie', 'Delta', 'Echo', 'Foxtrot', 'Golf'])
    expect(ids(await listApi('/accounts?sort=-title'))).toEqual(['Golf', 'Foxtrot', 'Echo', 'Delta', 'Charlie', 'bravo', 'alpha'])
    // employees: Delta 0, alpha 37, Charlie 74, bravo 11, Echo 48, Foxtrot 85, Golf 22 — numeric, not text, order.
    expect(ids(await listApi('/accounts?sort=employees'))).toEqual(['Delta', 'bravo', 'Golf', 'alpha', 'Echo', 'Charlie', 'Foxtrot'])
    expect(ids(await listApi('/accounts?sort=-createdAt'))).toEqual(['Golf', 'Foxtrot', 'Echo', 'bravo', 'Charlie', 'alpha', 'Delta'])
  })

  test('filter on list fields, together, with text compared case-insensitively', async () => {
    expect(ids(await listApi('/accounts?industry=retail&type=customer'))).toEqual(['Charlie', 'Delta'])
    expect(ids(await listApi('/accounts?employees=37'))).toEqual(['alpha'])
  })

  test('walk every record exactly once in keyset pages, in order, ending with next null', async () => {
    for (const sort of ['title', '-title', 'employees', '-industry', 'createdAt', '-updatedAt']) {
      const all = ids(await listApi(`/accounts?sort=${sort}`))
      const seen: unknown[] = []
      let cursor: string | null = null
      do {
        const page: Awaited<ReturnType<typeof listApi>> = await listApi(`/accounts?sort=${sort}&limit=2${cursor ? `&cursor=${cursor}` : ''}`)
        expect(page.status).toBe(200)
        expect(page.json.items.length).toBeLessThanOrEqual(2)
        seen.push(...ids(page))
        cursor = page.json.next
      } while (cursor)
      expect(seen, sort).toEqual(all)
    }
  })

  test('refuse unknown filters, sorts, bad limits and foreign cursors with 400 naming each', async () => {
    const first = await listApi('/accounts?sort=title&limit=1')
    const answer = await listApi(`/accounts?shoeSize=3&sort=password&limit=500&cursor=${first.json.next}`)
    expect(answer.status).toBe(400)
    expect(Object.keys(answer.json.error.fields).sort()).toEqual(['cursor', 'limit', 'shoeSize', 'sort'])
    expect((await listApi('/accounts?cursor=garbage')).status).toBe(400)
  })
})

describe('related lists', () => {
  test('of an account show its contacts, both sides of its relationships, its cases and activities', async () => {
    const account = await create('accounts', { name: 'Related Co' })
    const other = await create('accounts', { name: 'Other Co' })
    const ada = await create('contacts', { firstName: 'Ada', lastName: 'Lovelace', accountId: account.id })
    await create('contacts', { firstName: 'Bob', lastName: 'Elsewhere', accountId: other.id })
    const role = await create('relationship-roles', { name: 'Supplier', category: 'business' })
    const from = await create('relationships', { fromType: 'account', fromId: account.id, toType: 'account', toId: other.id, fromRoleId: role.id })
    const kase = await create('cases', { title: 'Broken', customerType: 'account', customerId: account.id })
    const call1 = await create('activities', { kind: 'phone-call', subject: 'Call Ada', regardingType: 'contact', regardingId: ada.id })
    const list = async (path: string) => (await api('GET', path)).json.items.map((r: { id: string }) => r.id)
    expect(await list(`/accounts/${account.id}/contacts`)).toEqual([ada.id])
    expect(await list(`/accounts/${account.id}/relationships`)).toEqual([from.id])
    expect(await list(`/accounts/${other.id}/relationships`)).toEqual([from.id])
    expect(await list(`/accounts/${account.id}/cases`)).toEqual([kase.id])
    expect(await list(`/contacts/${ada.id}/activities`)).toEqual([call1.id])
    expect((await api('GET', `/accounts/${account.id}/widgets`)).status).toBe(404)
    expect((await api('GET', `/accounts/${uuidv7()}/contacts`)).status).toBe(404)
  })
})

describe('the OpenAPI document', () => {
  test('is served as OpenAPI 3.1 with every type\'s fields, kinds, enums and required fields, search and the catalog pull', async () => {
    const answer = await call(bed.server.url, 'GET', '/api/v1/openapi.json')
    expect(answer.status).toBe(200)
    const doc = answer.json
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.components.schemas.ContactCreate.required).toEqual(['lastName'])
    expect(doc.components.schemas.AccountFields.properties.type).toMatchObject({ 'x-kind': 'enum', enum: ['customer', 'prospect', 'partner', 'vendor', 'competitor', 'other', null] })
    expect(doc.components.schemas.CaseFields.properties.status.readOnly).toBe(true)
    expect(doc.components.schemas.CasePatch.properties.status).toBeUndefined()
    for (const path of ['accounts', 'contacts', 'relationships', 'relationship-roles', 'cases', 'activities']) {
      expect(Object.keys(doc.paths[`/api/v1/{workspaceId}/${path}/{id}`]).sort()).toEqual(['delete', 'get', 'patch'])
    }
    expect(doc.paths['/api/v1/{workspaceId}/accounts/{id}/contacts'].get).toBeDefined()
    expect(doc.paths['/api/v1/{workspaceId}/cases/{id}/resolve'].post).toBeDefined()
    expect(doc.paths['/api/v1/{workspaceId}/search'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['workspaceId', 'q', 'types', 'limit'])
    expect(doc.paths['/api/v1/{workspaceId}/catalog'].get.parameters.map((p: { name: string }) => p.name)).toEqual(['workspaceId', 'since', 'cursor', 'limit'])
  })
})

describe('round trip', () => {
  const samples: Record<string, (ids: Record<string, string>) => Record<string, unknown>> = {
    accounts: () => ({ name: 'Round Trip Inc', type: 'customer', description: 'First.' }),
    contacts: (ids) => ({ firstName: 'Yvonne', lastName: 'McKay', accountId: ids.accounts, notes: 'First.' }),
    'relationship-roles': () => ({ name: 'Mentor', category: 'social', appliesTo: ['contact'] }),
    relationships: (ids) => ({ fromType: 'contact', fromId: ids.contacts, toType: 'account', toId: ids.accounts, description: 'First' }),
    cases: (ids) => ({ title: 'Printer on fire', customerType: 'contact', customerId: ids.contacts, description: 'First.' }),
    activities: (ids) => ({ kind: 'task', subject: 'Call back', regardingType: 'case', regardingId: ids.cases, description: 'First.' }),
  }

  test('each record type created through REST, edited through a Yjs client, reads back through REST with the edit and is found by search', async () => {
    const ids: Record<string, string> = {}
    for (const [path, sample] of Object.entries(samples)) {
      const created = await create(path, sample(ids))
      ids[path] = created.id
      const type = recordTypeByPath(path)!
      const name = `${bed.ws}/${type.type}/${created.id}`
      const room = bed.server.services.rooms.open(name)!
      await room.ready
      const client = new MemoryClient(name, 9000 + Object.keys(ids).length, { actor: `user:${bed.owner.user.id}` })
      client.connect(room)
      const settle = async () => {
        for (let i = 0; i < 10; i++) { client.flushToServer(); await bed.server.services.rooms.idle(); await bed.server.services.log.drain(); client.flushToClient() }
      }
      await settle()
      expect(readRecord(client.doc, extraRoots(type))).toMatchObject(created.fields)
      const titleField = type.titleFields.at(-1)!
      writeFields(client.doc, { [titleField]: `Edited ${path}` })
      await settle()
      client.disconnect()
      const read = await api('GET', `/${path}/${created.id}`)
      expect(read.json.fields[titleField], path).toBe(`Edited ${path}`)
      expect(read.json.version, path).toBeGreaterThan(created.version)
      expect(read.json.title, path).toContain(`Edited ${path}`)
      const found = await api('GET', `/search?q=${encodeURIComponent(`Edited ${path}`)}`)
      expect(found.status, found.text).toBe(200)
      expect(found.json.hits.map((h: { id: string }) => h.id), path).toContain(created.id)
    }
  })
})
