/**
 * The records benchmark (issue 4): a generated workspace of 20,000 accounts, 100,000 contacts,
 * 50,000 relationships, 30,000 cases and 200,000 activities (times `--scale`) written through the
 * storage layer into PGlite on disk, then: the time that took and the database's size; search
 * latency for the labelled queries (server/testing/search-queries.ts) and their top-5 hit rate;
 * list pages of contacts (the REST list query's shape, server/api/v1/record-query.ts); a catalog
 * pull of the whole workspace in pages of 1000; and the event-loop delay while searches run (PGlite
 * runs on the server's thread, so a slow query is a stall for every socket).
 *
 * `npm run bench -- --only records [--scale 0.1]`, or alone: `npx tsx bench/records.ts [--scale 0.1]`.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { monitorEventLoopDelay } from 'node:perf_hooks'
import { pathToFileURL } from 'node:url'
import { RECORD_COLUMNS } from '../server/api/v1/record-response'
import { catalogPage, type CatalogPosition } from '../server/records/catalog-query'
import { searchRecords } from '../server/search/search'
import { createDocumentStore } from '../server/storage/document-store'
import { migrate } from '../server/storage/migrations'
import { openPglite } from '../server/storage/pglite-database'
import type { SqlDatabase } from '../server/storage/sql'
import { labelledQueries, type LabelledQuery } from '../server/testing/search-queries'
import { generateWorkspace, writeRecords, type GeneratedRecord, type WorkspaceCounts } from '../server/testing/workspace-generator'
import { diskBytes } from './records/disk-size'
import type { Target } from './report'
import { percentile } from './stats'

export const FULL_COUNTS: WorkspaceCounts = { accounts: 20_000, contacts: 100_000, relationships: 50_000, cases: 30_000, activities: 200_000 }
const WORKSPACE = 'bench-records'
const SEED = 4

export interface RecordsSettings {
  scale: number
  /** Times each labelled query is run (after one unmeasured run). */
  searchRounds: number
  listRounds: number
  /** Keep the database here and reuse it when it is already there (for tuning queries); a temporary directory otherwise. */
  dataDir?: string
}

export interface LatencySummary { p50Ms: number; p95Ms: number; maxMs: number; samples: number }

export interface RecordsResult {
  scale: number
  seed: number
  counts: WorkspaceCounts
  records: number
  /** Null when an existing database was reused. */
  createSeconds: number | null
  recordsPerSecond: number | null
  /** Files on disk (tables, indexes and PGlite's write-ahead log), and pg_database_size (without the log). */
  diskMb: number
  databaseMb: number
  queries: number
  search: LatencySummary
  searchByKind: Record<string, LatencySummary>
  /** Target record (or one with the same title and type: indistinguishable by name) in the top 5. */
  hitRate: number
  misses: string[]
  eventLoopP99Ms: number
  eventLoopMaxMs: number
  list: Record<string, LatencySummary>
  catalog: { rows: number; pages: number; bytes: number; seconds: number }
}

export async function runRecordsBench(settings: RecordsSettings, log: (line: string) => void): Promise<RecordsResult> {
  const counts = Object.fromEntries(Object.entries(FULL_COUNTS).map(([k, v]) => [k, Math.max(1, Math.round(v * settings.scale))])) as unknown as WorkspaceCounts
  const dir = settings.dataDir ?? mkdtempSync(join(tmpdir(), 'tandem-records-'))
  mkdirSync(dir, { recursive: true })
  let db: SqlDatabase | null = null
  try {
    db = await openPglite(join(dir, 'pglite'))
    await migrate(db)
    const store = createDocumentStore(db)
    await store.ensureWorkspace(WORKSPACE, 'Records benchmark')
    const total = Object.values(counts).reduce((a, b) => a + b, 0) + 5
    // Keep a sample of contacts and accounts to draw the labelled queries from.
    const sample: GeneratedRecord[] = []
    let n = 0
    const sampled = function* (records: Iterable<GeneratedRecord>) {
      for (const r of records) {
        if ((r.type.type === 'contact' || r.type.type === 'account') && n++ % 10 === 0) sample.push(r)
        yield r
      }
    }
    const [existing] = await db.query<{ n: number }>('select count(*)::int as n from records where workspace_id = $1', [WORKSPACE])
    let createSeconds: number | null = null
    let written = Number(existing?.n ?? 0)
    if (written === total) {
      log(`records: reusing the ${written} records in ${dir}`)
      for (const _ of sampled(generateWorkspace(SEED, counts))) { /* the same seed: the same sample */ }
    } else {
      if (written > 0) throw new Error(`${dir} holds ${written} records of another scale; give another --data-dir`)
      log(`records: generating ${total} records (scale ${settings.scale}, seed ${SEED}) into ${dir}`)
      const started = performance.now()
      let lastLog = started
      written = await writeRecords(store, WORKSPACE, sampled(generateWorkspace(SEED, counts)), {
        batchSize: 1000,
        progress: (done) => {
          if (performance.now() - lastLog > 15_000) {
            lastLog = performance.now()
            log(`records: ${done}/${total} written, ${(done / ((lastLog - started) / 1000)).toFixed(0)} records/s`)
          }
        },
      })
      createSeconds = (performance.now() - started) / 1000
      await db.query('checkpoint')
    }
    const diskMb = diskBytes(dir) / 1e6
    const [size] = await db.query<{ bytes: number }>('select pg_database_size(current_database())::float8 as bytes')
    const databaseMb = Number(size?.bytes ?? 0) / 1e6
    log(`records: ${written} records${createSeconds === null ? '' : ` in ${createSeconds.toFixed(1)} s`}, ${diskMb.toFixed(0)} MB on disk, database ${databaseMb.toFixed(0)} MB`)
    // What the list and search routes' statistics upkeep does on a live server (PGlite has no autovacuum).
    await db.query('analyze records')
    await db.query('analyze record_search')

    // Search: the labelled queries, once unmeasured, then `searchRounds` times each, timed.
    const queries = labelledQueries(sample, SEED, 10)
    const byKind = new Map<string, number[]>()
    const times: number[] = []
    const misses: string[] = []
    for (const query of queries) await searchRecords(db, WORKSPACE, query.q, { limit: 20 })
    const loop = monitorEventLoopDelay({ resolution: 1 })
    loop.enable()
    for (let round = 0; round < settings.searchRounds; round++) {
      for (const query of queries) {
        const t0 = performance.now()
        const hits = await searchRecords(db, WORKSPACE, query.q, { limit: 20 })
        const ms = performance.now() - t0
        times.push(ms)
        byKind.set(query.kind, [...(byKind.get(query.kind) ?? []), ms])
        if (round === 0 && !isHit(query, hits.slice(0, 5))) {
          misses.push(`${query.kind} "${query.q}" wants ${query.type} "${query.title}", got ${hits.slice(0, 5).map((h) => `"${h.title}"`).join(', ') || 'nothing'}`)
        }
        // Let timers run between searches, as a server between requests.
        await new Promise((resolve) => setImmediate(resolve))
      }
    }
    loop.disable()
    const searchSummary = summary(times)
    log(`records: search p50 ${searchSummary.p50Ms.toFixed(1)} ms, p95 ${searchSummary.p95Ms.toFixed(1)} ms over ${times.length}; ` +
      `top-5 hits ${queries.length - misses.length}/${queries.length}; event loop p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms`)

    // List pages, the REST list query's shape (record-query.ts), as the workspace's owner sees them.
    const [someAccount] = await db.query<{ id: string }>(`select id from records where workspace_id = $1 and type = 'account' order by id limit 1 offset 7`, [WORKSPACE])
    const listQueries: Record<string, { sql: string; params: unknown[] }> = {
      'contacts by title': { sql: listSql('lower(r.title)', [], 'asc'), params: [WORKSPACE] },
      'contacts by updatedAt desc': { sql: listSql('r.updated_at', [], 'desc'), params: [WORKSPACE] },
      'contacts by title, page 2': { sql: listSql('lower(r.title)', ['(lower(r.title), r.id) > ($2::text, $3)'], 'asc'), params: [WORKSPACE, 'm', ''] },
      'contacts of an account (filter)': { sql: listSql('lower(r.title)', [`coalesce(lower(r.data->>'accountId'), '') = lower($2)`], 'asc'), params: [WORKSPACE, someAccount?.id ?? ''] },
      'contacts in a city (filter) by title': { sql: listSql('lower(r.title)', [`coalesce(lower(r.data->>'city'), '') = lower($2)`], 'asc'), params: [WORKSPACE, 'Paris'] },
      'contacts in a city (filter) by city': { sql: listSql([`coalesce(lower(r.data->>'city'), '')`, 'lower(r.title)'], [`coalesce(lower(r.data->>'city'), '') = lower($2)`], 'asc'), params: [WORKSPACE, 'Paris'] },
    }
    const list: Record<string, LatencySummary> = {}
    for (const [name, { sql, params }] of Object.entries(listQueries)) {
      await db.query(sql, params)
      const samples: number[] = []
      for (let i = 0; i < settings.listRounds; i++) {
        const t0 = performance.now()
        await db.query(sql, params)
        samples.push(performance.now() - t0)
      }
      list[name] = summary(samples)
      log(`records: list ${name}: p50 ${list[name]!.p50Ms.toFixed(2)} ms, p95 ${list[name]!.p95Ms.toFixed(2)} ms`)
    }

    // The catalog pull of the whole workspace, as a new client does it.
    const c0 = performance.now()
    let after: CatalogPosition = { seq: 0, id: null }
    let rows = 0, pages = 0, bytes = 0
    for (;;) {
      const page = await catalogPage(db, WORKSPACE, after, 1000, { sql: 'true', params: [] })
      pages++
      rows += page.rows.length
      bytes += Buffer.byteLength(JSON.stringify({ rows: page.rows, next: page.next, seq: page.seq }))
      if (!page.next) break
      after = page.next
    }
    const catalog = { rows, pages, bytes, seconds: (performance.now() - c0) / 1000 }
    log(`records: catalog pull ${rows} rows in ${pages} pages, ${(bytes / 1e6).toFixed(1)} MB, ${catalog.seconds.toFixed(1)} s`)

    return {
      scale: settings.scale, seed: SEED, counts, records: written, createSeconds,
      recordsPerSecond: createSeconds === null ? null : written / createSeconds, diskMb, databaseMb,
      queries: queries.length, search: searchSummary,
      searchByKind: Object.fromEntries([...byKind].map(([kind, samples]) => [kind, summary(samples)])),
      hitRate: (queries.length - misses.length) / queries.length, misses,
      eventLoopP99Ms: loop.percentile(99) / 1e6, eventLoopMaxMs: loop.max / 1e6, list, catalog,
    }
  } finally {
    await db?.close()
    if (!settings.dataDir) rmSync(dir, { recursive: true, force: true })
  }
}

/** The REST list query for contacts (record-query.ts): visible to the owner, one page of 50 (+1). */
function listSql(keys: string | string[], where: string[], direction: 'asc' | 'desc'): string {
  const exprs = Array.isArray(keys) ? keys : [keys]
  return `select ${RECORD_COLUMNS}, (${exprs[0]})::text as sort_key from records r
    where ${['r.workspace_id = $1', `r.type = 'contact'`, 'not r.deleted', 'true', ...where].join(' and ')}
    order by ${exprs.map((e) => `${e} ${direction}`).join(', ')}, r.id ${direction} limit 51`
}

function isHit(query: LabelledQuery, hits: Array<{ id: string; type: string; title: string }>): boolean {
  return hits.some((h) => h.id === query.id || (h.type === query.type && h.title === query.title && query.kind !== 'email' && query.kind !== 'phone'))
}

function summary(samples: number[]): LatencySummary {
  return { p50Ms: percentile(samples, 50), p95Ms: percentile(samples, 95), maxMs: Math.max(...samples), samples: samples.length }
}

export function recordsTable(r: RecordsResult): string {
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a')
  const lines = [
    `Records (scale ${r.scale}: ${r.counts.accounts} accounts, ${r.counts.contacts} contacts, ${r.counts.relationships} relationships, ` +
      `${r.counts.cases} cases, ${r.counts.activities} activities; seed ${r.seed}; PGlite on disk)`,
    r.createSeconds === null ? '  created earlier (a reused database)'
      : `  created through the storage layer   ${f(r.createSeconds)} s (${f(r.recordsPerSecond ?? NaN, 0)} records/s, with projection and field history)`,
    `  size                                ${f(r.databaseMb, 0)} MB database (pg_database_size), ${f(r.diskMb, 0)} MB of files with the write-ahead log`,
    `  search, ${r.queries} labelled queries      p50 ${f(r.search.p50Ms, 2)} ms, p95 ${f(r.search.p95Ms, 2)} ms, max ${f(r.search.maxMs)} ms (${r.search.samples} searches)`,
    ...Object.entries(r.searchByKind).map(([kind, s]) => `    ${kind.padEnd(32)}  p50 ${f(s.p50Ms, 2)} ms, p95 ${f(s.p95Ms, 2)} ms`),
    `  top-5 hit rate                      ${f(r.hitRate * 100)}%${r.misses.length ? ` (misses: ${r.misses.join('; ')})` : ''}`,
    `  event loop while searching          p99 ${f(r.eventLoopP99Ms)} ms, max ${f(r.eventLoopMaxMs)} ms`,
    ...Object.entries(r.list).map(([name, s]) => `  list: ${name.padEnd(30)} p50 ${f(s.p50Ms, 2)} ms, p95 ${f(s.p95Ms, 2)} ms`),
    `  catalog pull                        ${r.catalog.rows} rows, ${r.catalog.pages} pages of 1000, ${f(r.catalog.bytes / 1e6)} MB, ${f(r.catalog.seconds)} s`,
  ]
  return lines.join('\n')
}

export function recordsTargets(r: RecordsResult): Target[] {
  const worstList = Math.max(...Object.values(r.list).map((s) => s.p95Ms))
  return [
    { name: `records: search p95 (scale ${r.scale})`, value: r.search.p95Ms, limit: '≤ 30 ms', pass: r.search.p95Ms <= 30 },
    { name: `records: slowest list page p95 (scale ${r.scale})`, value: worstList, limit: '≤ 10 ms', pass: worstList <= 10 },
    { name: 'records: labelled queries in the top 5', value: r.hitRate, limit: '≥ 0.95', pass: r.hitRate >= 0.95 },
  ]
}

function valueAfter(argv: string[], flag: string): string | undefined {
  const i = argv.findIndex((a) => a === flag || a.startsWith(`${flag}=`))
  if (i < 0) return undefined
  return argv[i]!.includes('=') ? argv[i]!.slice(flag.length + 1) : argv[i + 1]
}

export function readScale(argv: string[]): number {
  const raw = valueAfter(argv, '--scale')
  if (raw === undefined) return 1
  const scale = Number(raw)
  if (!Number.isFinite(scale) || scale <= 0 || scale > 10) throw new Error(`--scale must be a number above 0 and at most 10, got ${raw}`)
  return scale
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const scale = readScale(process.argv.slice(2))
  const started = Date.now()
  const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`)
  const dataDir = valueAfter(process.argv.slice(2), '--data-dir')
  const result = await runRecordsBench({ scale, searchRounds: 5, listRounds: 50, ...(dataDir ? { dataDir } : {}) }, log)
  const dir = new URL('./results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `records-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(result, null, 2))
  process.stdout.write(`${recordsTable(result)}\n${recordsTargets(result).map((t) => `${t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.value.toFixed(2)} (${t.limit})`).join('\n')}\nJSON in ${file}\n`)
  if (recordsTargets(result).some((t) => !t.pass)) process.exitCode = 1
}
