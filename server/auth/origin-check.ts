/**
 * Cross-site request protection: a state-changing request or a WebSocket upgrade that carries an
 * `Origin` must come from the app's own origin or one allowed by `ALLOWED_ORIGINS`. Browsers
 * always send `Origin` on these; clients that send none (scripts, integrations) cannot ride a
 * user's cookies, so they pass, and still need a session or a token.
 */
import type { Context } from 'hono'

export function originAllowed(c: Context, allowed: readonly string[]): boolean {
  const origin = c.req.header('origin')
  if (origin === undefined) return true
  if (origin === 'null') return false
  const own = new URL(c.req.url)
  const forwardedProto = c.req.header('x-forwarded-proto')
  const ownOrigin = `${forwardedProto ?? own.protocol.replace(':', '')}://${c.req.header('host') ?? own.host}`
  return origin === ownOrigin || allowed.includes(origin)
}
