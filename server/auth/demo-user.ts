/**
 * The demo workspace's user, for trying Tandem on your own machine: it exists (and can sign in)
 * only while the server listens on a loopback address. Served to a network, the demo account is
 * locked and its sessions are ended.
 */
import { DEMO_WORKSPACE_ID } from '../../shared/demo'
import type { AuthStore } from './auth-store'
import { hashPassword } from './passwords'

export const DEMO_USER = { email: 'demo@tandem.test', password: 'tandem-demo', name: 'Demo User' }

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(host)
}

/** Makes the demo user ready (or locks it) and returns its id when enabled. */
export async function prepareDemoUser(auth: AuthStore, enabled: boolean): Promise<string | null> {
  const existing = await auth.userByEmail(DEMO_USER.email)
  if (!enabled) {
    if (existing) {
      await auth.setPassword(existing.id, 'locked')
      await auth.deleteUserSessions(existing.id)
    }
    return null
  }
  const passwordHash = await hashPassword(DEMO_USER.password)
  const user = existing ?? (await auth.createUser({ email: DEMO_USER.email, name: DEMO_USER.name, passwordHash }))
  if (existing) await auth.setPassword(existing.id, passwordHash)
  await auth.createWorkspace(user.id, 'Demo workspace', undefined, DEMO_WORKSPACE_ID)
  return user.id
}
