/**
 * The client side of /api/auth: typed calls, and server errors turned into messages for people.
 */
export interface Me {
  user: { id: string; email: string; name: string }
  workspaces: Array<{ id: string; name: string; role: 'owner' | 'admin' | 'member' | 'viewer' }>
}

export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly fields: Record<string, string> = {}) {
    super(message)
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init })
  } catch {
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0)
  }
  if (response.status === 204) return undefined as T
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null
  if (!response.ok) throw new ApiError(body?.error?.message ?? `The server answered ${response.status}.`, response.status, body?.error?.fields ?? {})
  return body as T
}

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
