/**
 * /api/auth: sign-up, sign-in, sign-out and who am I. Sessions live in an HttpOnly, SameSite=Lax
 * cookie (Secure over HTTPS); a new session id at every sign-in; sign-out ends the session and
 * closes its sockets. Sign-in failures are limited per account and per address.
 */
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import { HTTPException } from 'hono/http-exception'
import { CLOSE } from '../../shared/errors'
import { EmailTakenError } from '../auth/auth-store'
import { isHttps, SESSION_COOKIE } from '../auth/authenticate'
import { dummyPasswordHash, hashPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH, verifyPassword } from '../auth/passwords'
import { FailureLimiter } from '../auth/rate-limiter'
import { seedWorkspace } from '../domain/seed-workspace'
import type { Services } from '../services'
import type { AppEnv } from './app-env'
import { fieldErrors, jsonBody } from './validation'

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000

export function authRoutes(services: Services) {
  const { auth } = services
  // 5 wrong passwords per account and 30 per address in 15 minutes, then wait out the window.
  const perAccount = new FailureLimiter(5, 15 * 60_000)
  const perAddress = new FailureLimiter(30, 15 * 60_000)
  const app = new Hono<AppEnv>()

  const startSession = async (c: Context, userId: string) => {
    const session = await auth.createSession(userId, SESSION_TTL_MS)
    setCookie(c, SESSION_COOKIE, session.id, { httpOnly: true, sameSite: 'Lax', path: '/', secure: isHttps(c), expires: session.expiresAt })
  }

  const me = async (userId: string) => {
    const user = await auth.userById(userId)
    const memberships = await auth.memberships(userId)
    return { user, workspaces: memberships.map((m) => ({ id: m.workspaceId, name: m.workspaceName, role: m.role })) }
  }

  app.post('/sign-up', async (c) => {
    const body = await jsonBody(c)
    const v = fieldErrors()
    const email = v.email(body, 'email')
    const password = v.string(body, 'password', { min: PASSWORD_MIN_LENGTH, max: PASSWORD_MAX_LENGTH })
    const name = v.string(body, 'name', { min: 1, max: 100 }).trim()
    v.check()
    let created
    try {
      created = await auth.signUp({ email, name, passwordHash: await hashPassword(password), workspaceName: `${name}'s workspace` })
    } catch (error) {
      if (error instanceof EmailTakenError) throw new HTTPException(409, { message: 'An account with this email already exists. Sign in instead.' })
      throw error
    }
    await seedWorkspace(services, created.workspaceId) // the relationship role catalog
    await startSession(c, created.user.id)
    services.logger.info('signed up', { userId: created.user.id })
    return c.json(await me(created.user.id), 201)
  })

  app.post('/sign-in', async (c) => {
    const body = await jsonBody(c)
    const v = fieldErrors()
    const email = v.email(body, 'email')
    const password = v.string(body, 'password', { max: PASSWORD_MAX_LENGTH })
    v.check()
    const address = c.env?.incoming?.socket?.remoteAddress ?? 'unknown'
    for (const decision of [perAccount.check(email), perAddress.check(address)]) {
      if (!decision.allowed) {
        c.header('retry-after', String(decision.retryAfterSeconds))
        throw new HTTPException(429, { message: `Too many failed sign-ins. Try again in ${Math.ceil(decision.retryAfterSeconds / 60)} minutes.` })
      }
    }
    const user = await auth.userByEmail(email)
    // Verify against a dummy hash when there is no such user, so both take the same time.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await dummyPasswordHash()))
    if (!user || !ok) {
      perAccount.fail(email)
      perAddress.fail(address)
      throw new HTTPException(401, { message: 'The email or password is wrong.' })
    }
    perAccount.succeed(email)
    await startSession(c, user.id)
    return c.json(await me(user.id))
  })

  app.post('/sign-out', async (c) => {
    const principal = c.get('principal')
    if (principal?.kind === 'user') {
      await auth.deleteSession(principal.sessionHash)
      for (const socket of services.connections.forSession(principal.sessionHash)) socket.close(CLOSE.UNAUTHORIZED.code, CLOSE.UNAUTHORIZED.reason)
    }
    deleteCookie(c, SESSION_COOKIE, { path: '/', secure: isHttps(c) })
    return c.body(null, 204)
  })

  // The demo account's credentials, for the sign-in page, only while the demo user exists.
  app.get('/demo', (c) => {
    if (!services.demoUser) throw new HTTPException(404, { message: 'This server has no demo account.' })
    return c.json(services.demoUser)
  })

  app.get('/me', async (c) => {
    const principal = c.get('principal')
    if (principal?.kind !== 'user') throw new HTTPException(401, { message: 'Not signed in.' })
    return c.json(await me(principal.user.id))
  })

  return app
}
