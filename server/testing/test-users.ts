/**
 * Test helper: people with sessions, without going through sign-up (scrypt is slow on purpose).
 * A user gets a session cookie and a role in a workspace (the demo one unless told otherwise).
 */
import { WebSocket } from 'ws'
import type { Role, User } from '../auth/auth-store'
import { SESSION_COOKIE } from '../auth/authenticate'
import type { Services } from '../services'

export interface TestUser {
  user: User
  /** The session id, and the `cookie` header that carries it. */
  sessionId: string
  cookie: string
  headers: { cookie: string }
  /** A `ws` WebSocket class that sends this user's cookie (for WebsocketProvider's polyfill). */
  WebSocket: typeof WebSocket
}

let counter = 0

export async function createTestUser(services: Services, options: { name?: string; role?: Role | null; workspaceId?: string } = {}): Promise<TestUser> {
  const n = ++counter
  const name = options.name ?? `Tester ${n}`
  const user = await services.auth.createUser({
    email: `tester-${process.pid}-${Date.now().toString(36)}-${n}@example.test`, name, passwordHash: 'no-password-sign-in',
  })
  const role = options.role === undefined ? 'member' : options.role
  if (role) await services.auth.addMember(options.workspaceId ?? 'demo', user.id, role)
  const session = await services.auth.createSession(user.id, 3600_000)
  const cookie = `${SESSION_COOKIE}=${session.id}`
  return { user, sessionId: session.id, cookie, headers: { cookie }, WebSocket: webSocketWithHeaders({ cookie }) }
}

/** A `ws` WebSocket class that adds headers to every connection it opens. */
export function webSocketWithHeaders(headers: Record<string, string>): typeof WebSocket {
  return class extends WebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols, { headers })
    }
  } as typeof WebSocket
}
