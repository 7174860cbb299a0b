/**
 * Opens many benchmark clients against one server, a bounded number at a time, and waits until
 * every one has synced (or fails after a deadline).
 */
import { sleep, withTimeout } from '../timing'
import type { Dialect } from './dialects'
import { SyncClient } from './sync-client'

const CONNECT_CONCURRENCY = 25
const SYNC_TIMEOUT_MS = 60_000

/** Where and how to connect: the server's ws:// base, its framing, and headers (ours: a bearer token). */
export interface Target {
  wsUrl: string
  dialect: Dialect
  headers: Record<string, string>
}

export async function connectClients(target: Target, docNames: string[], perDoc: number): Promise<SyncClient[]> {
  const { wsUrl: base, dialect, headers } = target
  const wanted = docNames.flatMap((name) => Array.from({ length: perDoc }, () => name))
  const clients: SyncClient[] = []
  const deadline = performance.now() + SYNC_TIMEOUT_MS
  for (let start = 0; start < wanted.length; start += CONNECT_CONCURRENCY) {
    const batch = wanted.slice(start, start + CONNECT_CONCURRENCY).map((name) => new SyncClient(base, name, dialect, headers))
    clients.push(...batch)
    try {
      await withTimeout(Promise.all(batch.map((c) => c.synced)), Math.max(0, deadline - performance.now()),
        `clients did not sync within ${SYNC_TIMEOUT_MS} ms (${dialect.name})`)
    } catch (error) {
      await closeClients(clients)
      throw error
    }
  }
  return clients
}

/** Closes clients and waits (bounded) for their sockets to close. */
export async function closeClients(clients: SyncClient[]): Promise<void> {
  await Promise.race([Promise.all(clients.map((c) => c.close())), sleep(5000)])
}
