/**
 * People, sessions, workspaces, memberships, invitations and API tokens in SQL (both backends).
 * Secrets (session ids, invitation and API tokens) are stored only as SHA-256 hashes.
 */
import { createHash, randomBytes } from 'node:crypto'
import { uuidv7 } from '../../shared/ids'
import type { SqlDatabase, SqlRunner } from '../storage/sql'

export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const
export type Role = (typeof ROLES)[number]
export type GrantableRole = Exclude<Role, 'owner'>

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value)
}

export interface User {
  id: string
  email: string
  name: string
}

export interface Membership {
  workspaceId: string
  workspaceName: string
  role: Role
}

export interface ApiToken {
  id: string
  workspaceId: string
  role: GrantableRole
  name: string
  createdBy: string
  createdAt: string
  revokedAt: string | null
  lastUsedAt: string | null
}

export function newSecret(): string {
  return randomBytes(32).toString('base64url')
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex')
}

export class EmailTakenError extends Error {}

export type MembershipChange = 'done' | 'not-member' | 'last-owner'

export function createAuthStore(db: SqlDatabase) {
  return {
    async createUser(input: { email: string; name: string; passwordHash: string }, run: SqlRunner = db): Promise<User> {
      const id = uuidv7()
      try {
        await run.query('insert into users (id, email, name, password_hash) values ($1, $2, $3, $4)', [id, input.email, input.name, input.passwordHash])
      } catch (error) {
        if (/unique|duplicate/i.test((error as Error).message)) throw new EmailTakenError(input.email)
        throw error
      }
      return { id, email: input.email, name: input.name }
    },

    /** A new user with their first workspace, owned by them, in one transaction. */
    async signUp(input: { email: string; name: string; passwordHash: string; workspaceName: string }): Promise<{ user: User; workspaceId: string }> {
      return db.transaction(async (tx) => {
        const user = await this.createUser(input, tx)
        const workspaceId = await this.createWorkspace(user.id, input.workspaceName, tx)
        return { user, workspaceId }
      })
    },

    async userByEmail(email: string): Promise<(User & { passwordHash: string }) | null> {
      const [row] = await db.query<{ id: string; email: string; name: string; password_hash: string }>(
        'select id, email, name, password_hash from users where email = $1', [email])
      return row ? { id: row.id, email: row.email, name: row.name, passwordHash: row.password_hash } : null
    },

    async userById(id: string): Promise<User | null> {
      const [row] = await db.query<User>('select id, email, name from users where id = $1', [id])
      return row ?? null
    },

    async setPassword(userId: string, passwordHash: string): Promise<void> {
      await db.query('update users set password_hash = $2 where id = $1', [userId, passwordHash])
    },

    async createSession(userId: string, ttlMs: number): Promise<{ id: string; expiresAt: Date }> {
      const id = newSecret()
      const expiresAt = new Date(Date.now() + ttlMs)
      await db.query('insert into sessions (id_hash, user_id, expires_at) values ($1, $2, $3)', [hashSecret(id), userId, expiresAt.toISOString()])
      return { id, expiresAt }
    },

    async sessionUser(sessionId: string): Promise<{ user: User; sessionHash: string; expiresAt: Date } | null> {
      const hash = hashSecret(sessionId)
      const [row] = await db.query<{ id: string; email: string; name: string; expires_at: string | Date }>(
        `select u.id, u.email, u.name, s.expires_at from sessions s join users u on u.id = s.user_id
         where s.id_hash = $1 and s.expires_at > now()`, [hash])
      return row ? { user: { id: row.id, email: row.email, name: row.name }, sessionHash: hash, expiresAt: new Date(row.expires_at) } : null
    },

    async deleteSession(sessionHash: string): Promise<void> {
      await db.query('delete from sessions where id_hash = $1', [sessionHash])
    },

    async deleteUserSessions(userId: string): Promise<void> {
      await db.query('delete from sessions where user_id = $1', [userId])
    },

    async createWorkspace(ownerId: string, name: string, run: SqlRunner = db, id: string = uuidv7()): Promise<string> {
      await run.query('insert into workspaces (id, name, owner_id) values ($1, $2, $3) on conflict (id) do nothing', [id, name, ownerId])
      await run.query(`insert into memberships (workspace_id, user_id, role) values ($1, $2, 'owner')
        on conflict (workspace_id, user_id) do update set role = 'owner'`, [id, ownerId])
      return id
    },

    async memberships(userId: string): Promise<Membership[]> {
      const rows = await db.query<{ workspace_id: string; name: string; role: Role }>(
        `select m.workspace_id, w.name, m.role from memberships m join workspaces w on w.id = m.workspace_id
         where m.user_id = $1 order by w.name, m.workspace_id`, [userId])
      return rows.map((r) => ({ workspaceId: r.workspace_id, workspaceName: r.name, role: r.role }))
    },

    async roleOf(userId: string, workspaceId: string): Promise<Role | null> {
      const [row] = await db.query<{ role: Role }>('select role from memberships where user_id = $1 and workspace_id = $2', [userId, workspaceId])
      return row?.role ?? null
    },

    async members(workspaceId: string): Promise<Array<User & { role: Role }>> {
      return db.query<User & { role: Role }>(
        `select u.id, u.email, u.name, m.role from memberships m join users u on u.id = m.user_id
         where m.workspace_id = $1 order by u.name, u.email`, [workspaceId])
    },

    /** Changes a member's role, unless that would leave the workspace without an owner. */
    async setRole(workspaceId: string, userId: string, role: Role): Promise<MembershipChange> {
      return this.changeKeepingAnOwner(workspaceId, userId, role !== 'owner', (tx) =>
        tx.query('update memberships set role = $3 where workspace_id = $1 and user_id = $2', [workspaceId, userId, role]))
    },

    async addMember(workspaceId: string, userId: string, role: Role, run: SqlRunner = db): Promise<void> {
      await run.query(`insert into memberships (workspace_id, user_id, role) values ($1, $2, $3)
        on conflict (workspace_id, user_id) do nothing`, [workspaceId, userId, role])
    },

    /** Removes a member, unless they are the workspace's last owner. */
    async removeMember(workspaceId: string, userId: string): Promise<MembershipChange> {
      return this.changeKeepingAnOwner(workspaceId, userId, true, (tx) =>
        tx.query('delete from memberships where workspace_id = $1 and user_id = $2', [workspaceId, userId]))
    },

    /**
     * Checks and changes in one transaction that holds the workspace's row lock, so that two owners
     * demoting or removing each other at once cannot both pass the check and leave no owner.
     */
    async changeKeepingAnOwner(workspaceId: string, userId: string, endsOwnership: boolean, change: (tx: SqlRunner) => Promise<unknown>): Promise<MembershipChange> {
      return db.transaction(async (tx) => {
        await tx.query('select 1 from workspaces where id = $1 for update', [workspaceId])
        const [row] = await tx.query<{ role: Role }>('select role from memberships where workspace_id = $1 and user_id = $2', [workspaceId, userId])
        if (!row) return 'not-member'
        if (row.role === 'owner' && endsOwnership) {
          const [owners] = await tx.query<{ n: number }>(`select count(*)::int as n from memberships where workspace_id = $1 and role = 'owner'`, [workspaceId])
          if (Number(owners?.n ?? 0) <= 1) return 'last-owner'
        }
        await change(tx)
        return 'done'
      })
    },

    async countOwners(workspaceId: string): Promise<number> {
      const [row] = await db.query<{ n: number }>(`select count(*)::int as n from memberships where workspace_id = $1 and role = 'owner'`, [workspaceId])
      return Number(row?.n ?? 0)
    },

    async workspace(workspaceId: string): Promise<{ id: string; name: string; privateTypes: string[] } | null> {
      const [row] = await db.query<{ id: string; name: string; private_types: string[] }>('select id, name, private_types from workspaces where id = $1', [workspaceId])
      return row ? { id: row.id, name: row.name, privateTypes: row.private_types ?? [] } : null
    },

    async setPrivateTypes(workspaceId: string, types: string[]): Promise<void> {
      await db.query('update workspaces set private_types = $2 where id = $1', [workspaceId, types])
    },

    async createInvitation(workspaceId: string, role: GrantableRole, createdBy: string, ttlMs: number): Promise<{ token: string; expiresAt: Date }> {
      const token = newSecret()
      const expiresAt = new Date(Date.now() + ttlMs)
      await db.query('insert into invitations (token_hash, workspace_id, role, created_by, expires_at) values ($1, $2, $3, $4, $5)',
        [hashSecret(token), workspaceId, role, createdBy, expiresAt.toISOString()])
      return { token, expiresAt }
    },

    /** Uses an invitation once: joins the user with its role. Null if unknown, used or expired. */
    async acceptInvitation(token: string, userId: string): Promise<{ workspaceId: string; role: Role } | null> {
      return db.transaction(async (tx) => {
        const [row] = await tx.query<{ workspace_id: string; role: GrantableRole }>(
          `update invitations set used_at = now(), used_by = $2
           where token_hash = $1 and used_at is null and expires_at > now() returning workspace_id, role`, [hashSecret(token), userId])
        if (!row) return null
        const existing = await tx.query<{ role: Role }>('select role from memberships where workspace_id = $1 and user_id = $2', [row.workspace_id, userId])
        if (existing.length === 0) await this.addMember(row.workspace_id, userId, row.role, tx)
        return { workspaceId: row.workspace_id, role: existing[0]?.role ?? row.role }
      })
    },

    async createApiToken(input: { workspaceId: string; role: GrantableRole; name: string; createdBy: string }): Promise<{ token: string; id: string }> {
      const id = uuidv7()
      const token = `tdm_${newSecret()}`
      await db.query('insert into api_tokens (id, token_hash, workspace_id, role, name, created_by) values ($1, $2, $3, $4, $5, $6)',
        [id, hashSecret(token), input.workspaceId, input.role, input.name, input.createdBy])
      return { token, id }
    },

    async apiToken(token: string): Promise<ApiToken | null> {
      const [row] = await db.query<Record<string, unknown>>(
        `update api_tokens set last_used_at = now() where token_hash = $1 and revoked_at is null
         returning id, workspace_id, role, name, created_by, created_at, revoked_at, last_used_at`, [hashSecret(token)])
      return row ? tokenFromRow(row) : null
    },

    async apiTokens(workspaceId: string): Promise<ApiToken[]> {
      const rows = await db.query<Record<string, unknown>>(
        `select id, workspace_id, role, name, created_by, created_at, revoked_at, last_used_at from api_tokens
         where workspace_id = $1 order by created_at`, [workspaceId])
      return rows.map(tokenFromRow)
    },

    async revokeApiToken(workspaceId: string, id: string): Promise<boolean> {
      const rows = await db.query('update api_tokens set revoked_at = now() where workspace_id = $1 and id = $2 and revoked_at is null returning 1', [workspaceId, id])
      return rows.length > 0
    },
  }
}

export type AuthStore = ReturnType<typeof createAuthStore>

function tokenFromRow(row: Record<string, unknown>): ApiToken {
  const iso = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string).toISOString())
  return {
    id: String(row.id), workspaceId: String(row.workspace_id), role: row.role as GrantableRole, name: String(row.name),
    createdBy: String(row.created_by), createdAt: iso(row.created_at)!, revokedAt: iso(row.revoked_at), lastUsedAt: iso(row.last_used_at),
  }
}
