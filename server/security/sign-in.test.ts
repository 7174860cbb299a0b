/**
 * Issue 3, acceptance 10 and the sessions around it: sign-in is rate limited per account and per
 * address (429 with Retry-After); passwords are never logged or returned; the session cookie has
 * exactly HttpOnly, SameSite=Lax, Path=/ and an expiry, plus Secure only over HTTPS; every sign-in
 * makes a new session id; sign-out ends that session and closes its sockets.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { uuidv7 } from '../../shared/ids'
import { CLOSE } from '../../shared/errors'
import { SESSION_COOKIE } from '../auth/authenticate'
import type { TestServer } from '../testing/test-server'
import { call, FOREIGN_ORIGIN, openSocket, sleep, startServerWithLog, waitFor, type Answer, type CallOptions } from './support'

const PASSWORD = 'correct horse battery staple 7Q!'
const WRONG = 'Tr0ub4dor&3 is not it'
let server: TestServer
const logLines: string[] = []
const answers: Answer[] = []

beforeAll(async () => { server = await startServerWithLog(logLines) })
afterAll(async () => { await server?.close() })

const email = (who: string) => `${who}-${uuidv7()}@example.test`

async function post(path: string, json: unknown, options: CallOptions = {}): Promise<Answer> {
  const answer = await call(server.url, 'POST', path, { ...options, json })
  answers.push(answer)
  return answer
}

async function signUp(who: string, extra: CallOptions = {}): Promise<{ email: string; cookie: string; id: string; answer: Answer }> {
  const address = email(who)
  const answer = await post('/api/auth/sign-up', { email: address, password: PASSWORD, name: who }, extra)
  expect(answer.status).toBe(201)
  return { email: address, cookie: cookieOf(answer), id: answer.json.user.id, answer }
}

function setCookie(answer: Answer): string {
  const cookies = answer.headers.getSetCookie()
  expect(cookies).toHaveLength(1)
  return cookies[0]!
}

function cookieOf(answer: Answer): string {
  return setCookie(answer).split(';')[0]!
}

/** The attributes of a Set-Cookie line, by lower-cased name (value, or true for a flag). */
function attributes(line: string): Record<string, string | true> {
  const result: Record<string, string | true> = {}
  for (const part of line.split(';').slice(1)) {
    const [name, ...value] = part.trim().split('=')
    result[name!.toLowerCase()] = value.length > 0 ? value.join('=') : true
  }
  return result
}

describe('sign-in rate limits', () => {
  test('per account: after 5 wrong passwords even the right one gets 429 with Retry-After, while other accounts sign in', async () => {
    const victim = await signUp('victim')
    for (let i = 0; i < 5; i++) expect((await post('/api/auth/sign-in', { email: victim.email, password: WRONG })).status).toBe(401)
    const locked = await post('/api/auth/sign-in', { email: victim.email, password: PASSWORD })
    expect(locked.status).toBe(429)
    const retryAfter = Number(locked.headers.get('retry-after'))
    expect(Number.isInteger(retryAfter) && retryAfter > 0 && retryAfter <= 15 * 60).toBe(true)
    expect(locked.headers.getSetCookie()).toEqual([])
    // The lock is on the account, whatever case the email is typed in.
    expect((await post('/api/auth/sign-in', { email: victim.email.toUpperCase(), password: PASSWORD })).status).toBe(429)
    const bystander = await signUp('bystander')
    expect((await post('/api/auth/sign-in', { email: bystander.email, password: PASSWORD })).status).toBe(200)
  })

  test('per address: after 30 failures across accounts from one address, any sign-in from it gets 429 with Retry-After', async () => {
    const lines: string[] = []
    const other = await startServerWithLog(lines)
    try {
      const address = email('honest')
      expect((await call(other.url, 'POST', '/api/auth/sign-up', { json: { email: address, password: PASSWORD, name: 'Honest' } })).status).toBe(201)
      for (let i = 0; i < 30; i++) {
        const answer = await call(other.url, 'POST', '/api/auth/sign-in', { json: { email: email(`spray-${i}`), password: WRONG } })
        expect(answer.status).toBe(401)
      }
      const blocked = await call(other.url, 'POST', '/api/auth/sign-in', { json: { email: address, password: PASSWORD } })
      expect(blocked.status).toBe(429)
      expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0)
      expect(lines.join('\n')).not.toContain(WRONG)
    } finally {
      await other.close()
    }
  })

  test('a wrong password and an unknown email get the same answer', async () => {
    const known = await signUp('known')
    const a = await post('/api/auth/sign-in', { email: known.email, password: WRONG })
    const b = await post('/api/auth/sign-in', { email: email('nobody'), password: WRONG })
    expect({ status: a.status, text: a.text }).toEqual({ status: b.status, text: b.text })
  })
})

describe('session cookies', () => {
  test('carry exactly HttpOnly, SameSite=Lax, Path=/ and an expiry over HTTP, on sign-up and sign-in', async () => {
    const { email: address, answer: signedUp } = await signUp('cookie')
    const signedIn = await post('/api/auth/sign-in', { email: address, password: PASSWORD })
    for (const answer of [signedUp, signedIn]) {
      const line = setCookie(answer)
      expect(line.startsWith(`${SESSION_COOKIE}=`)).toBe(true)
      const attrs = attributes(line)
      expect(Object.keys(attrs).sort()).toEqual(['expires', 'httponly', 'path', 'samesite'])
      expect(attrs).toMatchObject({ httponly: true, samesite: 'Lax', path: '/' })
      expect(new Date(attrs.expires as string).getTime()).toBeGreaterThan(Date.now())
    }
  })

  test('add Secure when the app is served over HTTPS (x-forwarded-proto: https)', async () => {
    const https = { headers: { 'x-forwarded-proto': 'https' } }
    const { email: address, answer: signedUp } = await signUp('secure', https)
    const signedIn = await post('/api/auth/sign-in', { email: address, password: PASSWORD }, https)
    for (const answer of [signedUp, signedIn]) {
      const attrs = attributes(setCookie(answer))
      expect(Object.keys(attrs).sort()).toEqual(['expires', 'httponly', 'path', 'samesite', 'secure'])
      expect(attrs).toMatchObject({ httponly: true, samesite: 'Lax', path: '/', secure: true })
    }
  })
})

describe('sessions', () => {
  test('every sign-in makes a new session id, and an id planted before sign-in is never adopted', async () => {
    const { email: address, cookie: first } = await signUp('sessions')
    const planted = `${SESSION_COOKIE}=${'P'.repeat(43)}`
    const second = cookieOf(await post('/api/auth/sign-in', { email: address, password: PASSWORD }, { cookie: planted }))
    const third = cookieOf(await post('/api/auth/sign-in', { email: address, password: PASSWORD }, { cookie: second }))
    expect(new Set([first, second, third, planted]).size).toBe(4)
    for (const cookie of [first, second, third]) expect((await call(server.url, 'GET', '/api/auth/me', { cookie })).status).toBe(200)
    expect((await call(server.url, 'GET', '/api/auth/me', { cookie: planted })).status).toBe(401)
  })

  test('sign-out ends that session: its sync socket and live channel close with 4401, its cookie stops working, other sessions stay', async () => {
    const { email: address, cookie: laptop } = await signUp('signout')
    const phone = cookieOf(await post('/api/auth/sign-in', { email: address, password: PASSWORD }))
    const workspace = (await call(server.url, 'GET', '/api/auth/me', { cookie: laptop })).json.workspaces[0].id as string
    const docName = `${workspace}/account/${uuidv7()}`
    const laptopSync = await openSocket(`${server.wsUrl}/sync/${docName}`, { cookie: laptop })
    const laptopLive = await openSocket(`${server.wsUrl}/live/${workspace}`, { cookie: laptop })
    const phoneSync = await openSocket(`${server.wsUrl}/sync/${docName}`, { cookie: phone })

    // A cross-site sign-out is refused and ends nothing.
    expect((await post('/api/auth/sign-out', {}, { cookie: laptop, origin: FOREIGN_ORIGIN })).status).toBe(403)
    expect((await call(server.url, 'GET', '/api/auth/me', { cookie: laptop })).status).toBe(200)

    const out = await post('/api/auth/sign-out', {}, { cookie: laptop })
    expect(out.status).toBe(204)
    const cleared = attributes(setCookie(out))
    expect(cleared['max-age'] === '0' || new Date(cleared.expires as string).getTime() <= Date.now()).toBe(true)
    expect(await laptopSync.closed).toEqual(CLOSE.UNAUTHORIZED)
    expect(await laptopLive.closed).toEqual(CLOSE.UNAUTHORIZED)
    expect((await call(server.url, 'GET', '/api/auth/me', { cookie: laptop })).status).toBe(401)
    await sleep(50)
    expect(phoneSync.close).toBeNull()
    expect((await call(server.url, 'GET', '/api/auth/me', { cookie: phone })).status).toBe(200)
    laptopSync.end()
    phoneSync.end()
  })
})

describe('passwords', () => {
  test('are never logged nor returned, by any auth answer or error, and are stored only as scrypt hashes', async () => {
    const address = email('secret')
    await post('/api/auth/sign-up', { email: address, password: PASSWORD, name: 'Secret' })
    await post('/api/auth/sign-up', { email: address, password: PASSWORD, name: 'Again' })
    await post('/api/auth/sign-up', { email: email('short'), password: 'Zq9!short', name: 'Short' })
    await post('/api/auth/sign-up', { email: 'not an email', password: PASSWORD, name: 'Bad' })
    await post('/api/auth/sign-in', { email: address, password: WRONG })
    await post('/api/auth/sign-in', { email: address, password: { $ne: PASSWORD } })
    await post('/api/auth/sign-in', { email: address, password: PASSWORD })
    answers.push(await call(server.url, 'POST', '/api/auth/sign-in', { headers: { 'content-type': 'application/json' }, bytes: new TextEncoder().encode(`{"email":"${address}","password":"${PASSWORD}"`) }))
    await waitFor(() => logLines.length > 0, 'something to be logged')

    const secrets = [PASSWORD, WRONG, 'Zq9!short']
    for (const answer of answers) {
      const everything = `${answer.text}\n${[...answer.headers].map(([k, v]) => `${k}: ${v}`).join('\n')}`
      for (const secret of secrets) expect(everything).not.toContain(secret)
      expect(everything).not.toContain('scrypt$')
    }
    const log = logLines.join('\n')
    for (const secret of secrets) expect(log).not.toContain(secret)
    expect(log).not.toContain('scrypt$')
    const rows = await server.services.storage.db.query<{ password_hash: string }>('select password_hash from users where email = $1', [address])
    expect(rows[0]!.password_hash).toMatch(/^scrypt\$/)
    expect(rows[0]!.password_hash).not.toContain(PASSWORD)
  })
})
