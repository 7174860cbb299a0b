/**
 * One JSON call to the server, with its errors turned into messages for people: the server's own
 * `{ error: { message, fields } }`, or a plain sentence when the server cannot be reached
 * (status 0, which callers read as "offline").
 */
export class ApiError extends Error {
  constructor(message: string, readonly status: number, readonly fields: Record<string, string> = {}) {
    super(message)
  }
}

export async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init })
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error
    throw new ApiError('The server cannot be reached. Check your connection and try again.', 0)
  }
  if (response.status === 204) return undefined as T
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null
  if (!response.ok) throw new ApiError(body?.error?.message ?? `The server answered ${response.status}.`, response.status, body?.error?.fields ?? {})
  return body as T
}
