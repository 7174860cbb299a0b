/**
 * The client side of /api/workspaces (server/api/workspace-routes.ts, docs/api.md): members and
 * their roles, invitations by link, accepting one.
 */
import { call } from './api-call'

export type Role = 'owner' | 'admin' | 'member' | 'viewer'
export type GrantableRole = Exclude<Role, 'owner'>

export interface Member {
  id: string
  email: string
  name: string
  role: Role
}

export interface Invitation {
  url: string
  token: string
  role: GrantableRole
  expiresAt: string
}

const ws = (workspaceId: string) => `/api/workspaces/${encodeURIComponent(workspaceId)}`

export const workspaceApi = {
  members: async (workspaceId: string) => (await call<{ members: Member[] }>(`${ws(workspaceId)}/members`)).members,
  setRole: (workspaceId: string, userId: string, role: Role) =>
    call<{ userId: string; role: Role }>(`${ws(workspaceId)}/members/${encodeURIComponent(userId)}`, { method: 'PATCH', body: JSON.stringify({ role }) }),
  remove: (workspaceId: string, userId: string) => call<void>(`${ws(workspaceId)}/members/${encodeURIComponent(userId)}`, { method: 'DELETE' }),
  invite: (workspaceId: string, role: GrantableRole) => call<Invitation>(`${ws(workspaceId)}/invitations`, { method: 'POST', body: JSON.stringify({ role }) }),
  acceptInvitation: (token: string) =>
    call<{ workspaceId: string; role: Role }>(`/api/invitations/${encodeURIComponent(token)}/accept`, { method: 'POST', body: '{}' }),
}

/** Owners and admins manage members. */
export function canManage(role: Role | undefined): boolean {
  return role === 'owner' || role === 'admin'
}
