/**
 * Test helper: a real server (Hono app, real sockets) on a free port, over in-memory PGlite, a
 * PGlite data directory, or PostgreSQL. Used by integration tests and benchmarks.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { createApp } from '../app'
import { createLogger, type LogLevel } from '../logger'
import { createServices, type ServiceOptions, type Services } from '../services'
import { createDocumentStore } from '../storage/document-store'
import { DEFAULT_JOURNAL_OPTIONS, openJournaledStore } from '../storage/journaled-store'
import { migrate } from '../storage/migrations'
import { DEMO_WORKSPACE, openStorage, type Storage } from '../storage/open-storage'
import { openPglite } from '../storage/pglite-database'

export interface TestServer {
  url: string
  wsUrl: string
  port: number
  services: Services
  close(): Promise<void>
}

export interface TestServerOptions {
  storage?: Storage
  dataDir?: string
  logLevel?: LogLevel
  checks?: ServiceOptions['checks']
  limits?: ServiceOptions['limits']
  unloadAfterMs?: number
}

/**
 * An in-memory PGlite, migrated, with the demo workspace, behind the update journal as `npm start`
 * runs it (the journal in a temporary directory, removed on close): rules, pokes and REST are
 * tested with their rows written behind.
 */
export async function memoryStorage(): Promise<Storage> {
  const db = await openPglite(undefined)
  await migrate(db)
  const journalDir = mkdtempSync(join(tmpdir(), 'tandem-journal-'))
  // Paced faster than a server's batches (those wait 25 times the last write, up to a second):
  // the tests settle after every step, and the pacing has its own tests.
  const pace = { ...DEFAULT_JOURNAL_OPTIONS, delayFactor: 1, maxDelayMs: 20 }
  const store = await openJournaledStore(createDocumentStore(db), db, journalDir, createLogger('error'), pace)
  await store.ensureWorkspace(DEMO_WORKSPACE.id, DEMO_WORKSPACE.name)
  return {
    db, store, location: 'memory',
    async close() {
      try {
        await store.close() // writes what the journal holds, then closes the database
      } finally {
        rmSync(journalDir, { recursive: true, force: true })
      }
    },
  }
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const storage = options.storage ?? (options.dataDir ? await openStorage({ dataDir: options.dataDir }) : await memoryStorage())
  const services = createServices({
    storage,
    logger: createLogger(options.logLevel ?? 'silent'),
    ...(options.checks ? { checks: options.checks } : {}),
    ...(options.limits ? { limits: options.limits } : {}),
    unloadAfterMs: options.unloadAfterMs ?? 50,
  })
  const app = createApp(services)
  const wss = new WebSocketServer({ noServer: true, maxPayload: 32 * 1024 * 1024 })
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1', websocket: { server: wss } }, () => resolve(s))
  })
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}`,
    port,
    services,
    async close() {
      for (const client of wss.clients) client.terminate()
      await new Promise<void>((resolve) => server.close(() => resolve()))
      await services.close()
    },
  }
}

/** Empties the document tables (between seeds and tests that share one database). */
export async function clearDocuments(storage: Storage): Promise<void> {
  await storage.store.flush() // nothing of the last test is written after the tables are emptied
  await storage.db.query('truncate doc_updates, doc_snapshots, doc_clients, doc_owners, records, record_search, field_history, catalog_counters')
}
