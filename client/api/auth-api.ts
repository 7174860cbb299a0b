/**
 * The client side of /api/auth: typed calls, and server errors turned into messages for people.
 */
import { ApiError, call } from './api-call'

export interface Me {
  user: { id: string; email: string; name: string }
  workspaces: Array<{ id: string; name: string; role: 'owner' | 'admin' | 'member' | 'viewer' }>
}

export { ApiError }

export const authApi = {
  /** The signed-in user, or null when nobody is signed in. */
  async me(): Promise<Me | null> {
    try {
      return await call<Me>('/api/auth/me')
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null
      throw error
    }
  },
  signIn: (email: string, password: string) => call<Me>('/api/auth/sign-in', { method: 'POST', body: JSON.stringify({ email, password }) }),
  signUp: (name: string, email: string, password: string) => call<Me>('/api/auth/sign-up', { method: 'POST', body: JSON.stringify({ name, email, password }) }),
  signOut: () => call<void>('/api/auth/sign-out', { method: 'POST' }),
  async demo(): Promise<{ email: string; password: string } | null> {
    try {
      return await call<{ email: string; password: string }>('/api/auth/demo')
    } catch {
      return null
    }
  },
}
