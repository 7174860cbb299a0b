/**
 * Test-only: the setup the sync layer's integration tests share. One call in a test file starts a
 * test server for the file (closed after it) with two people of the demo workspace, its owner and a
 * member, each signed in with their own session; the clients a test makes are destroyed after it.
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startTestServer, type TestServer, type TestServerOptions } from '../../../server/testing/test-server'
import { createTestUser, type TestUser } from '../../../server/testing/test-users'
import type { SyncClientOptions } from '../sync-client'
import { newNamespace, testClient, type SignedIn, type TestClient } from './harness'

export interface SyncTestBed {
  readonly server: TestServer
  readonly owner: TestUser
  readonly colleague: TestUser
  /** A client signed in as `as` against the test server (or `url`), destroyed after the test. */
  client(as: SignedIn, namespace?: string, options?: Partial<SyncClientOptions>, url?: string): TestClient
}

/** Registers this file's server, people and client clean-up (vitest hooks); read its fields inside tests. */
export function syncTestBed(options: TestServerOptions = {}): SyncTestBed {
  let server: TestServer | undefined
  let owner: TestUser | undefined
  let colleague: TestUser | undefined
  const clients: TestClient[] = []

  beforeAll(async () => {
    server = await startTestServer(options)
    owner = await createTestUser(server.services, { name: 'Owner', role: 'owner' })
    colleague = await createTestUser(server.services, { name: 'Colleague' })
  })
  afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.client.destroy())) })
  afterAll(async () => { await server?.close() })

  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the sync test bed is read before its beforeAll ran')
    return value
  }
  return {
    get server() { return ready(server) },
    get owner() { return ready(owner) },
    get colleague() { return ready(colleague) },
    client(as, namespace = newNamespace(), clientOptions = {}, url = ready(server).url) {
      const c = testClient(url, as, namespace, clientOptions)
      clients.push(c)
      return c
    },
  }
}
