/**
 * Test helper for the record API's tests: one test server for the file (closed after it) and a
 * workspace of its own, owned by Olivia Owner, so rows written by anything else do not mix in.
 */
import { afterAll, beforeAll } from 'vitest'
import { call, type Answer } from '../security/support'
import { startTestServer, type TestServer, type TestServerOptions } from './test-server'
import { createTestUser, type TestUser } from './test-users'

export interface RecordApiBed {
  readonly server: TestServer
  readonly owner: TestUser
  /** The workspace's id. */
  readonly ws: string
  /** Calls `/api/v1/<ws><path>` as `user`, with a JSON body when one is given. */
  call(user: TestUser, method: string, path: string, json?: unknown, headers?: Record<string, string>): Promise<Answer>
}

/** Registers this file's server and workspace (vitest hooks); read its fields inside tests. */
export function recordApiBed(workspaceName: string, serverOptions: () => Promise<TestServerOptions> | TestServerOptions = () => ({})): RecordApiBed {
  let server: TestServer | undefined
  let owner: TestUser | undefined
  let ws: string | undefined

  beforeAll(async () => {
    server = await startTestServer(await serverOptions())
    owner = await createTestUser(server.services, { role: null, name: 'Olivia Owner' })
    ws = await server.services.auth.createWorkspace(owner.user.id, workspaceName)
  })
  afterAll(async () => { await server?.close() })

  const bed: RecordApiBed = {
    get server() { return ready(server) },
    get owner() { return ready(owner) },
    get ws() { return ready(ws) },
    call: (user, method, path, json, headers = {}) =>
      call(bed.server.url, method, `/api/v1/${bed.ws}${path}`, { cookie: user.cookie, headers, ...(json === undefined ? {} : { json }) }),
  }
  return bed
}

function ready<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the record API bed is read before its beforeAll ran')
  return value
}
