/**
 * The signed-in user as the client keeps it: the last answer of /api/auth/me, remembered in
 * localStorage so the app can open offline as the last user (the replica is namespaced by the id).
 */
import type { Me } from './api/auth-api'

const KEY = 'tandem.me'

export interface Identity {
  id: string
  name: string
  color: string
}

export function identityOf(me: Me): Identity {
  return { id: me.user.id, name: me.user.name, color: colorFor(me.user.id) }
}

export function rememberMe(me: Me | null, storage: Storage = localStorage): void {
  if (me) storage.setItem(KEY, JSON.stringify(me))
  else storage.removeItem(KEY)
}

export function lastMe(storage: Storage = localStorage): Me | null {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Me | null
    return value && typeof value.user?.id === 'string' && Array.isArray(value.workspaces) ? value : null
  } catch {
    return null
  }
}

/** The same colour the server gives this user's presence. */
export function colorFor(userId: string): string {
  let hash = 0
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0
  return `hsl(${Math.abs(hash) % 360} 65% 42%)`
}
