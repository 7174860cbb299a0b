/**
 * Who is making a request or holding a socket: a signed-in user (by session cookie) or an API
 * token (by `Authorization: Bearer`). Every stored update is attributed to an actor string made
 * from it: `user:<id>`, `token:<id>`, or `server` for the server's own edits.
 */
import type { ApiToken, User } from './auth-store'

export type Principal =
  | { kind: 'user'; user: User; sessionHash: string }
  | { kind: 'token'; token: ApiToken }

export const SERVER_ACTOR = 'server'

export function actorOf(principal: Principal): string {
  return principal.kind === 'user' ? `user:${principal.user.id}` : `token:${principal.token.id}`
}
