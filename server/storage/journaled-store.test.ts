import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, truncateSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as Y from 'yjs'
import { afterAll, beforeEach, expect, test } from 'vitest'
import { createRecordDoc, readFields, writeFields } from '../../shared/doc/record-doc'
import { createDocumentStore, type DocumentStore, type StoredUpdate } from './document-store'
import { decodeJournalBatch, encodeJournalBatch, type JournaledUpdate } from './journal-codec'
import { DEFAULT_JOURNAL_OPTIONS, openJournaledStore, type JournalOptions } from './journaled-store'
import { openMigratedPglite } from '../testing/migrated-pglite'
import type { SqlDatabase } from './sql'
import { UpdateJournal } from './update-journal'
import type { Logger } from '../logger'

const db: Promise<SqlDatabase> = openMigratedPglite()
afterAll(async () => (await db).close())
beforeEach(async () => {
  await (await db).query('truncate doc_updates, doc_snapshots, doc_clients, doc_owners, field_history, records, record_search, catalog_counters, journal_state')
})

const dirs: string[] = []
afterAll(() => { for (const dir of dirs) rmSync(dir, { recursive: true, force: true }) })

/** A fresh journal directory, removed after the tests. */
function journalDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'journal-'))
  dirs.push(dir)
  return dir
}

const quiet: Pick<Logger, 'warn' | 'error'> = { warn: () => {}, error: () => {} }
const RECORD = '0199aaaa-0000-7000-8000-000000000001'
const DOC = `demo/account/${RECORD}`

/** A journaled store over the shared database whose own close leaves the database open. */
async function open(dir: string, options: Partial<JournalOptions> = {}, target?: SqlDatabase, logger = quiet) {
  const sql = target ?? await db
  const direct: DocumentStore = { ...createDocumentStore(sql), close: async () => {} }
  return openJournaledStore(direct, sql, dir, logger, { ...DEFAULT_JOURNAL_OPTIONS, ...options })
}

/** Never writes to the database on its own (as if killed before its first batch). */
const NEVER = { minDelayMs: 3_600_000, maxDelayMs: 3_600_000 }

function edits(count: number): { updates: Uint8Array[]; doc: Y.Doc } {
  const doc = createRecordDoc(7)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  for (let i = 0; i < count; i++) writeFields(doc, { name: `Acme ${i}` })
  return { updates, doc }
}

function rows(updates: Uint8Array[], first = 0): StoredUpdate[] {
  return updates.map((update, i) => ({
    doc: DOC, update, actor: 'user:ann', clientId: 7, bindClients: i + first === 0 ? [7] : [], claimOwner: i + first === 0,
    record: {
      project: () => ({
        workspaceId: 'demo', type: 'account', id: RECORD, data: { name: `Acme ${i + first}` }, title: `Acme ${i + first}`,
        searchText: `acme ${i + first}`, searchBody: `acme ${i + first}`, ownerId: null, accountId: RECORD, refs: [], deleted: false,
      }),
      history: [{ id: `${RECORD}/name/ann`, doc: DOC, workspaceId: 'demo', recordId: RECORD, field: 'name', old: null, new: `Acme ${i + first}`, actor: 'user:ann', at: 1_700_000_000_000 + i, kind: 'edit' }],
      linksChanged: i + first === 0, searchChanged: true,
    },
  }))
}

function contentOf(loaded: { snapshot: Uint8Array | null; updates: Uint8Array[] }): Record<string, unknown> {
  const doc = createRecordDoc()
  if (loaded.snapshot) Y.applyUpdate(doc, loaded.snapshot)
  for (const u of loaded.updates) Y.applyUpdate(doc, u)
  return readFields(doc)
}

async function projected(): Promise<{ title: string; version: number } | undefined> {
  const [row] = await (await db).query<{ title: string; version: number }>('select title, version from records where id = $1', [RECORD])
  return row
}

function journalFiles(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.log'))
}

test('updates are loaded back, with their bindings and owner, before the database has them and after', async () => {
  const dir = journalDir()
  const store = await open(dir, NEVER)
  const { updates, doc } = edits(5)
  await store.appendUpdates(rows(updates))
  expect(contentOf(await store.loadDocument(DOC))).toEqual(readFields(doc))
  expect(await store.clientBindings(DOC)).toEqual(new Map([[7, 'user:ann']]))
  expect(await store.docOwner(DOC)).toBe('user:ann')
  expect(await projected()).toBeUndefined()

  await store.flush()
  expect(contentOf(await store.loadDocument(DOC))).toEqual(readFields(doc))
  expect(await store.clientBindings(DOC)).toEqual(new Map([[7, 'user:ann']]))
  expect(await store.docOwner(DOC)).toBe('user:ann')
  await store.close()
})

test('a record edited many times before a batch is written gets one projection row write, at its latest state, and one history row', async () => {
  const dir = journalDir()
  const store = await open(dir, NEVER)
  const { updates } = edits(20)
  for (const row of rows(updates)) await store.appendUpdates([row])
  await store.flush()
  expect(await projected()).toEqual({ title: 'Acme 19', version: 1 })
  const history = await (await db).query<{ new: string }>('select new from field_history where record_id = $1', [RECORD])
  expect(history).toEqual([{ new: 'Acme 19' }])
  // The log holds the same content in fewer rows: one writer's updates of a batch are merged.
  expect(await store.countUpdates(DOC)).toBe(1)
  await store.close()
})

test('stored() waits for the batch and resolves once SQL sees the rows', async () => {
  const dir = journalDir()
  const store = await open(dir, { minDelayMs: 30 })
  await store.appendUpdates(rows(edits(1).updates))
  expect(await projected()).toBeUndefined()
  await store.stored()
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  await store.close()
})

test('stored(ms) has a batch that would wait seconds written within about ms, and only the one it waits for', async () => {
  const dir = journalDir()
  const store = await open(dir, { minDelayMs: 60_000, maxDelayMs: 60_000 })
  const { updates } = edits(2)
  await store.appendUpdates(rows(updates.slice(0, 1)))
  const started = performance.now()
  await store.stored(50)
  expect(performance.now() - started).toBeLessThan(5_000)
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  // The next batch is back at the store's own pace: nobody waits for it.
  await store.appendUpdates(rows(updates.slice(1), 1))
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  await store.close()
})

test('a store opened after its process died writes the journal it finds: updates, history and projection', async () => {
  const dir = journalDir()
  const dead = await open(dir, NEVER)
  const { updates, doc } = edits(3)
  await dead.appendUpdates(rows(updates.slice(0, 2)))
  await dead.appendUpdates(rows(updates.slice(2), 2))
  expect(await projected()).toBeUndefined()

  const reopened = await open(dir)
  expect(await projected()).toEqual({ title: 'Acme 2', version: 1 })
  expect(contentOf(await reopened.loadDocument(DOC))).toEqual(readFields(doc))
  expect(await reopened.docOwner(DOC)).toBe('user:ann')
  // Written, so gone from the journal: opening again writes nothing twice.
  expect(journalFiles(dir).every((name) => statSync(join(dir, name)).size === 0)).toBe(true)
  const again = await open(dir)
  expect(await projected()).toEqual({ title: 'Acme 2', version: 1 })
  await Promise.all([reopened.close(), again.close()])
})

test('a replayed journal, which keeps no projection, writes the projection of the whole document and every history row', async () => {
  const dir = journalDir()
  const dead = await open(dir, NEVER)
  const { updates, doc } = edits(2)
  await dead.appendUpdates(rows(updates.slice(0, 1)))
  await dead.flush() // the first edit is in the database, the rest only in the journal
  let later: Uint8Array = new Uint8Array()
  doc.on('update', (u: Uint8Array) => { later = u })
  writeFields(doc, { accountNumber: 'AC-7' })
  const [second] = rows(updates.slice(1), 1)
  const third: StoredUpdate = {
    ...second!, update: later,
    record: { ...second!.record!, history: [{ ...second!.record!.history[0]!, id: `${RECORD}/accountNumber/ann`, field: 'accountNumber', new: 'AC-7' }] },
  }
  await dead.appendUpdates([second!, third])
  expect(readFileSync(join(dir, journalFiles(dir).at(-1)!)).includes(Buffer.from('"searchText"'))).toBe(false)

  const reopened = await open(dir)
  const [row] = await (await db).query<{ title: string; data: Record<string, unknown> }>('select title, data from records where id = $1', [RECORD])
  expect(row).toEqual({ title: 'Acme 1', data: { name: 'Acme 1', accountNumber: 'AC-7' } })
  const [search] = await (await db).query<{ search_text: string }>('select search_text from record_search where id = $1', [RECORD])
  expect(search!.search_text).toContain('ac-7')
  const history = await (await db).query<{ field: string; new: string }>('select field, new from field_history where record_id = $1 order by field', [RECORD])
  expect(history).toEqual([{ field: 'accountNumber', new: 'AC-7' }, { field: 'name', new: 'Acme 1' }])
  await reopened.close()
})

test('a journal written when frames held the projection replays with the projection it holds', async () => {
  const dir = journalDir()
  const [row] = rows(edits(1).updates)
  const kept = { ...row!, record: { ...row!.record!, project: () => ({ ...row!.record!.project(), title: 'As journaled' }) } }
  const old = UpdateJournal.open(dir, 0)
  old.append(encodeJournalBatch([kept], { withProjection: true }))
  old.close()
  const reopened = await open(dir)
  expect(await projected()).toEqual({ title: 'As journaled', version: 1 })
  await reopened.close()
})

test('a frame cut short at the end of the journal is left out, and the whole frames before it are written', async () => {
  const dir = journalDir()
  const dead = await open(dir, NEVER)
  const { updates } = edits(2)
  await dead.appendUpdates(rows(updates.slice(0, 1)))
  await dead.appendUpdates(rows(updates.slice(1), 1))
  const [file] = journalFiles(dir)
  truncateSync(join(dir, file!), statSync(join(dir, file!)).size - 3)

  const warnings: string[] = []
  const reopened = await open(dir, {}, undefined, { warn: (msg: string) => { warnings.push(msg) }, error: () => {} })
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  expect(warnings).toEqual([expect.stringContaining('partial frame')])
  await reopened.close()
})

test('a database that takes no write keeps the updates in the journal, and they are written on the next try', async () => {
  const dir = journalDir()
  const real = await db
  let down = true
  const flaky: SqlDatabase = {
    ...real,
    query: (text, params) => real.query(text, params),
    insertRows: async (parts) => {
      if (down) throw new Error('disk full')
      return real.insertRows(parts)
    },
  }
  const errors: string[] = []
  const store = await open(dir, { minDelayMs: 0 }, flaky, { warn: () => {}, error: (msg: string) => { errors.push(msg) } })
  await store.appendUpdates(rows(edits(1).updates))
  await expect(store.flush()).rejects.toThrow('disk full')
  expect(errors).toEqual([expect.stringContaining('stay in the journal')])
  expect(readdirSync(dir)).not.toContain('quarantine') // nothing set aside while the database takes nothing
  down = false
  await store.flush()
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  await store.close()
})

test('closing writes what waits and leaves an empty journal', async () => {
  const dir = journalDir()
  const store = await open(dir, NEVER)
  await store.appendUpdates(rows(edits(2).updates))
  await store.close()
  expect(await projected()).toEqual({ title: 'Acme 1', version: 1 })
  expect(journalFiles(dir).every((name) => statSync(join(dir, name)).size === 0)).toBe(true)
  await expect(store.appendUpdates(rows(edits(1).updates))).rejects.toThrow('closed')
})

test('closing while a batch is being written, with a flush asked for meanwhile, writes one batch at a time and loses nothing', async () => {
  const dir = journalDir()
  const real = await db
  let running = 0
  let most = 0
  const slow: SqlDatabase = {
    ...real,
    query: (text, params) => real.query(text, params),
    insertRows: async (parts) => {
      most = Math.max(most, ++running)
      await new Promise((resolve) => setTimeout(resolve, 20))
      try {
        return await real.insertRows(parts)
      } finally {
        running--
      }
    },
  }
  const store = await open(dir, { minDelayMs: 0, chunkBudgetMs: 0 }, slow)
  const { updates } = edits(6)
  await store.appendUpdates(rows(updates.slice(0, 3)))
  await new Promise((resolve) => setTimeout(resolve, 5)) // the first batch is being written
  await store.appendUpdates(rows(updates.slice(3), 3))
  void store.flush().catch(() => {})
  await store.close()
  expect(most).toBe(1)
  expect(await projected()).toEqual({ title: 'Acme 5', version: 2 })
  expect(journalFiles(dir).every((name) => statSync(join(dir, name)).size === 0)).toBe(true)
})

test('a flood is held, not refused, while the database is behind: held appends are journaled in order once it catches up', async () => {
  const dir = journalDir()
  const real = await db
  let open_ = () => {}
  let gate = new Promise<void>((resolve) => { open_ = resolve })
  const slow: SqlDatabase = { ...real, query: (text, params) => real.query(text, params), insertRows: async (parts) => { await gate; return real.insertRows(parts) } }
  const store = await open(dir, { minDelayMs: 0, maxWaitingRows: 2 }, slow)
  const { updates, doc } = edits(8)
  await store.appendUpdates(rows(updates.slice(0, 4))) // 4 waiting: the bound (2 × 2) is reached
  const order: number[] = []
  const held = [4, 5, 6, 7].map((i) => store.appendUpdates(rows(updates.slice(i, i + 1), i)).then(() => { order.push(i) }))
  await new Promise((resolve) => setTimeout(resolve, 50))
  expect(order).toEqual([]) // held while the database writes nothing
  expect((await store.loadDocument(DOC)).updates).toHaveLength(4) // and not journaled yet
  open_()
  await Promise.all(held)
  expect(order).toEqual([4, 5, 6, 7])
  await store.flush()
  expect(contentOf(await store.loadDocument(DOC))).toEqual(readFields(doc))
  expect(await projected()).toMatchObject({ title: 'Acme 7' })
  await store.close()
})

test('a database that keeps failing is retried with a back-off, not in a loop, and a flood of updates is refused past a bound', async () => {
  const dir = journalDir()
  const real = await db
  let tries = 0
  const down: SqlDatabase = { ...real, query: (text, params) => real.query(text, params), insertRows: async () => { tries++; throw new Error('disk full') } }
  const store = await open(dir, { minDelayMs: 0, maxWaitingRows: 2 }, down)
  const { updates } = edits(20)
  await store.appendUpdates(rows(updates.slice(0, 2)))
  await new Promise((resolve) => setTimeout(resolve, 300))
  expect(tries).toBe(3) // one try: the batch, its one document alone, a write that changes nothing
  await store.appendUpdates(rows(updates.slice(2, 20), 2))
  await expect(store.appendUpdates(rows(updates.slice(0, 1)))).rejects.toThrow('behind')
  await store.close()
})

test('a record created by one person and edited by another in the same batch keeps its creator', async () => {
  const dir = journalDir()
  const store = await open(dir, NEVER)
  const { updates } = edits(2)
  const [first, second] = rows(updates)
  await store.appendUpdates([first!])
  await store.appendUpdates([{ ...second!, actor: 'user:bob' }])
  await store.flush()
  const [row] = await (await db).query<{ created_by: string; updated_by: string }>('select created_by, updated_by from records where id = $1', [RECORD])
  expect(row).toEqual({ created_by: 'user:ann', updated_by: 'user:bob' })
  await store.close()
})

/** The rows of a second record whose history holds a value PostgreSQL's jsonb refuses (U+0000). */
function poisoned(): StoredUpdate[] {
  const id = '0199aaaa-0000-7000-8000-0000000000ff'
  const doc = `demo/account/${id}`
  const source = createRecordDoc(9)
  let update: Uint8Array = new Uint8Array()
  source.on('update', (u: Uint8Array) => { update = u })
  writeFields(source, { name: 'Poison' })
  const [good] = rows([update])
  return [{
    ...good!, doc, clientId: 9, bindClients: [9],
    record: {
      ...good!.record!,
      project: () => ({ ...good!.record!.project(), id, title: 'Poison', accountId: id }),
      history: [{ ...good!.record!.history[0]!, id: `${id}/name/ann`, doc, recordId: id, new: 'Poi\u0000son' }],
    },
  }]
}

function quarantined(dir: string): JournaledUpdate[][] {
  const folder = join(dir, 'quarantine')
  return readdirSync(folder).sort().map((name) => decodeJournalBatch(readFileSync(join(folder, name))))
}

test('a document whose rows the database refuses is set aside, logged, and does not hold back the rest of its batch or later ones', async () => {
  const dir = journalDir()
  const logged: Array<{ msg: string; fields: unknown }> = []
  const store = await open(dir, NEVER, undefined, { warn: () => {}, error: (msg: string, fields?: unknown) => { logged.push({ msg, fields }) } })
  const { updates } = edits(2)
  await store.appendUpdates([...rows(updates.slice(0, 1)), ...poisoned()])
  await store.flush()
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  expect(logged).toEqual([{ msg: expect.stringContaining('set aside'), fields: expect.objectContaining({ doc: poisoned()[0]!.doc, updates: 1 }) }])
  // The set-aside file is a journal payload: the update as received, with its record's rows.
  const [aside] = quarantined(dir)
  expect(aside).toHaveLength(1)
  expect([...aside![0]!.update]).toEqual([...poisoned()[0]!.update])
  expect(aside![0]!.record!.history[0]!.new).toBe('Poi\u0000son')
  expect(aside![0]!.record!.projection!.title).toBe('Poison') // kept for whoever reads it, unlike the journal

  await store.appendUpdates(rows(updates.slice(1), 1))
  await store.flush()
  expect(await projected()).toEqual({ title: 'Acme 1', version: 2 })
  await store.close()
  expect(journalFiles(dir).every((name) => statSync(join(dir, name)).size === 0)).toBe(true)
})

test('a journal found at start with a document the database refuses is written without it, and the server starts', async () => {
  const dir = journalDir()
  const dead = await open(dir, NEVER)
  await dead.appendUpdates([...poisoned(), ...rows(edits(1).updates)])
  const reopened = await open(dir, NEVER)
  expect(await projected()).toEqual({ title: 'Acme 0', version: 1 })
  expect(quarantined(dir)).toHaveLength(1)
  await reopened.close()
})
