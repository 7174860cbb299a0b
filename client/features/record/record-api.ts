/**
 * The REST calls of the record page (docs/api.md): field history and restore, the primary-contact
 * and case commands, and the workspace's members (to name owners). Failures become `ApiError`s
 * with a message for people; status 0 means the server could not be reached (offline).
 */
import { ApiError } from '../../api/auth-api'

export { ApiError }

export interface HistoryEntry {
  id: string
  field: string
  old: unknown
  new: unknown
  actor: { id: string; name: string | null }
  at: string
  kind: 'edit' | 'lost'
}

export interface Member {
  id: string
  email: string
  name: string
  role: string
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(path, { credentials: 'same-origin', headers: { 'content-type': 'application/json' }, ...init })
  } catch {
    throw new ApiError('The server cannot be reached: this needs the network. Your edits on this device are kept.', 0)
  }
  const body = (await response.json().catch(() => null)) as { error?: { message?: string; fields?: Record<string, string> } } | null
  if (!response.ok) {
    const fields = body?.error?.fields ?? {}
    const detail = Object.values(fields).join('; ')
    throw new ApiError(`${body?.error?.message ?? `The server answered ${response.status}.`}${detail && !body?.error?.message?.includes(detail) ? ` (${detail})` : ''}`, response.status, fields)
  }
  return body as T
}

const base = (ws: string, path: string, id: string) => `/api/v1/${encodeURIComponent(ws)}/${path}/${encodeURIComponent(id)}`
const post = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body) })

export const recordApi = {
  history: (ws: string, path: string, id: string, cursor?: string) =>
    call<{ items: HistoryEntry[]; next: string | null }>(`${base(ws, path, id)}/history?limit=50${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`),
  restore: (ws: string, path: string, id: string, historyId: string) =>
    call<unknown>(`${base(ws, path, id)}/history/${encodeURIComponent(historyId)}/restore`, post({})),
  setPrimaryContact: (ws: string, accountId: string, contactId: string | null) =>
    call<unknown>(`${base(ws, 'accounts', accountId)}/primary-contact`, post({ contactId })),
  resolveCase: (ws: string, caseId: string, resolution: string, timeSpentMinutes: number) =>
    call<unknown>(`${base(ws, 'cases', caseId)}/resolve`, post({ resolution, timeSpentMinutes })),
  reopenCase: (ws: string, caseId: string) => call<unknown>(`${base(ws, 'cases', caseId)}/reopen`, post({})),
  members: (ws: string) => call<{ members: Member[] }>(`/api/workspaces/${encodeURIComponent(ws)}/members`),
}
