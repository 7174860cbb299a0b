/**
 * People on a running server, through its HTTP API as a browser would: sign in (the demo account
 * the server prints at start), sign up, and join the demo workspace by invitation. Each person
 * ends up with a session cookie and a `ws` WebSocket class that sends it.
 */
import type { WebSocket } from 'ws'
import type { Role } from '../../server/auth/auth-store'
import { webSocketWithHeaders } from '../../server/testing/test-users'

export interface Person {
  email: string
  /** `tandem_session=<id>`, for a `cookie` header. */
  cookie: string
  /** A `ws` WebSocket class that sends the cookie (a WebsocketProvider polyfill). */
  WebSocket: typeof WebSocket
}

const DEMO_LINE = /sign in as (\S+) with the password (\S+)/

/**
 * The demo account's email and password, from what the server prints at start: the line comes
 * right after the ready line, sometimes in a later chunk, so this waits for it.
 */
export async function demoCredentials(server: { printed(pattern: RegExp): Promise<string> }): Promise<{ email: string; password: string }> {
  const match = DEMO_LINE.exec(await server.printed(DEMO_LINE))
  return { email: match![1]!, password: match![2]! }
}

export async function signIn(baseUrl: string, email: string, password: string): Promise<Person> {
  return person(email, await post(baseUrl, '/api/auth/sign-in', null, { email, password }))
}

export async function signUp(baseUrl: string, email: string, name: string, password = 'fuzz-password-0123'): Promise<Person> {
  return person(email, await post(baseUrl, '/api/auth/sign-up', null, { email, password, name }))
}

/** Invites `guest` to a workspace `owner` manages, with `role`, and accepts as the guest. */
export async function join(baseUrl: string, owner: Person, guest: Person, role: Role, workspaceId = 'demo'): Promise<void> {
  const invitation = await post(baseUrl, `/api/workspaces/${workspaceId}/invitations`, owner, { role })
  const { token } = (await invitation.json()) as { token: string }
  await post(baseUrl, `/api/invitations/${token}/accept`, guest, {})
}

/**
 * The two people of a browser scenario: the owner (the demo account, signed in) and a colleague,
 * Cora Colleague, who signs up and joins the demo workspace as a member.
 */
export async function ownerAndColleague(baseUrl: string, server: { printed(pattern: RegExp): Promise<string> }): Promise<{ owner: Person; colleague: Person }> {
  const { email, password } = await demoCredentials(server)
  const owner = await signIn(baseUrl, email, password)
  const colleague = await signUp(baseUrl, 'colleague@tandem.test', 'Cora Colleague')
  await join(baseUrl, owner, colleague, 'member')
  return { owner, colleague }
}

async function post(baseUrl: string, path: string, as: Person | null, body: unknown): Promise<Response> {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(as ? { cookie: as.cookie } : {}) },
    body: JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`POST ${path}: HTTP ${res.status} ${await res.text()}`)
  return res
}

function person(email: string, res: Response): Person {
  const cookie = res.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('tandem_session='))
  if (!cookie) throw new Error(`no session cookie in the answer for ${email}`)
  return { email, cookie, WebSocket: webSocketWithHeaders({ cookie }) }
}
