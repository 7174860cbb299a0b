/**
 * Resolves the principal of a request: the session cookie, or an API token as
 * `Authorization: Bearer`. Requests with neither are anonymous; routes decide what that means.
 */
import type { Context } from 'hono'
import { getCookie } from 'hono/cookie'
import type { AuthStore } from './auth-store'
import type { Principal } from './principal'

export const SESSION_COOKIE = 'tandem_session'

export async function resolvePrincipal(c: Context, auth: AuthStore): Promise<Principal | null> {
  const header = c.req.header('authorization')
  if (header) {
    const match = /^Bearer\s+(\S+)$/i.exec(header)
    if (!match) return null
    const token = await auth.apiToken(match[1]!)
    return token ? { kind: 'token', token } : null
  }
  const sessionId = getCookie(c, SESSION_COOKIE)
  if (!sessionId || sessionId.length > 200) return null
  const session = await auth.sessionUser(sessionId)
  return session ? { kind: 'user', user: session.user, sessionHash: session.sessionHash } : null
}

/** Sessions go over HTTPS only when the app is served over HTTPS (directly or behind a proxy). */
export function isHttps(c: Context): boolean {
  return new URL(c.req.url).protocol === 'https:' || c.req.header('x-forwarded-proto') === 'https'
}
