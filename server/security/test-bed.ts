/**
 * Test-only: the setup the socket tests in this folder share. One call in a test file starts a test
 * server for the file (closed after it); the clients and raw sockets a test opens through the bed
 * are closed after that test. The people a file needs are its own (created in its `beforeAll`).
 */
import { afterAll, afterEach, beforeAll } from 'vitest'
import { startTestServer, type TestServer } from '../testing/test-server'
import type { TestUser } from '../testing/test-users'
import { client, openSocket, type Client, type RawSocket } from './support'

export interface SecurityTestBed {
  readonly server: TestServer
  /** A `WebsocketProvider` client of `docName` signed in as `user`, destroyed after the test. */
  client(docName: string, user: TestUser, options?: Parameters<typeof client>[3]): Client
  /** A raw socket opened at `path` of the server's WebSocket address, ended after the test. */
  socket(path: string, headers: Record<string, string>): Promise<RawSocket>
}

/** Registers this file's server and the per-test closing of its clients and sockets (vitest hooks). */
export function securityTestBed(): SecurityTestBed {
  let server: TestServer | undefined
  const clients: Client[] = []
  const sockets: RawSocket[] = []

  beforeAll(async () => { server = await startTestServer() })
  afterEach(() => {
    for (const c of clients.splice(0)) c.destroy()
    for (const s of sockets.splice(0)) s.end()
  })
  afterAll(async () => { await server?.close() })

  const started = (): TestServer => {
    if (!server) throw new Error('the security test bed is read before its beforeAll ran')
    return server
  }
  return {
    get server() { return started() },
    client(docName, user, options = {}) {
      const c = client(started().wsUrl, docName, user, options)
      clients.push(c)
      return c
    },
    async socket(path, headers) {
      const socket = await openSocket(`${started().wsUrl}${path}`, headers)
      sockets.push(socket)
      return socket
    },
  }
}
