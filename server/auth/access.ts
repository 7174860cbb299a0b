/**
 * The one authorization check. Every route, socket, catch-up and (later) list and search asks it
 * what a principal may do in a workspace and with a document:
 *
 *   owner, admin   read and write everything, manage members, tokens and settings
 *   member         read and write
 *   viewer         read
 *
 * A record type the workspace made private shows only to the record's owner and the workspace's
 * owners and admins. A principal with no access learns nothing, not even whether a document exists:
 * callers answer "not found" for both.
 *
 * Roles are cached for a second or two and the cache is dropped on every change made through this
 * process; listeners hear of each change, so open sockets lose access at once.
 */
import { parseDocName, type DocName } from '../../shared/doc-name'
import type { DocumentStore } from '../storage/document-store'
import type { AuthStore, Role } from './auth-store'
import { actorOf, type Principal } from './principal'

export type DocAccess = 'none' | 'read' | 'write'

const CACHE_MS = 2000
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

export class AccessControl {
  private readonly roles = new Map<string, { role: Role | null; at: number }>()
  private readonly privateTypes = new Map<string, { types: string[]; at: number }>()
  private readonly listeners = new Set<(change: { userId: string | null; workspaceId: string }) => void | Promise<void>>()

  constructor(private readonly auth: AuthStore, private readonly store: DocumentStore) {}

  async role(principal: Principal, workspaceId: string): Promise<Role | null> {
    if (principal.kind === 'user') return this.userRole(principal.user.id, workspaceId)
    if (principal.token.workspaceId !== workspaceId) return null
    // A token acts for the member who made it: it ends when they leave and never outranks them.
    const creator = await this.userRole(principal.token.createdBy, workspaceId)
    if (!creator) return null
    return RANK[creator] < RANK[principal.token.role] ? creator : principal.token.role
  }

  private async userRole(userId: string, workspaceId: string): Promise<Role | null> {
    const key = `${userId} ${workspaceId}`
    const cached = this.roles.get(key)
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.role
    const role = await this.auth.roleOf(userId, workspaceId)
    this.roles.set(key, { role, at: Date.now() })
    if (this.roles.size > 50_000) this.roles.delete(this.roles.keys().next().value!)
    return role
  }

  async docAccess(principal: Principal, doc: DocName, docName: string): Promise<DocAccess> {
    const role = await this.role(principal, doc.workspaceId)
    if (!role) return 'none'
    if (role !== 'owner' && role !== 'admin' && (await this.isPrivate(doc.workspaceId, doc.type))) {
      const owner = await this.store.docOwner(docName)
      // A private record shows to its owner; a record nobody has written yet is the caller's to create.
      if (owner !== null && owner !== actorOf(principal)) return 'none'
    }
    return role === 'viewer' ? 'read' : 'write'
  }

  /** The documents among `names` a principal may read: all that a poke, list or search may name to them. */
  async readable(principal: Principal, names: readonly string[]): Promise<string[]> {
    const visible: string[] = []
    for (const name of names) {
      const doc = parseDocName(name)
      if (doc && (await this.docAccess(principal, doc, name)) !== 'none') visible.push(name)
    }
    return visible
  }

  canManage(role: Role | null): boolean {
    return role === 'owner' || role === 'admin'
  }

  /**
   * Drops cached roles and settings of a workspace (and a user) and tells the listeners; resolves
   * once they have acted (open sockets re-checked), so a route answers after the change took hold:
   * a member promoted back can write on the same socket the moment the answer arrives.
   */
  async changed(workspaceId: string, userId: string | null = null): Promise<void> {
    for (const key of [...this.roles.keys()]) {
      if (key.endsWith(` ${workspaceId}`) && (userId === null || key.startsWith(`${userId} `))) this.roles.delete(key)
    }
    this.privateTypes.delete(workspaceId)
    await Promise.all([...this.listeners].map((listener) => listener({ userId, workspaceId })))
  }

  onChange(listener: (change: { userId: string | null; workspaceId: string }) => void | Promise<void>): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** The record types a workspace made private (cached like roles), for filters in SQL. */
  async privateTypesOf(workspaceId: string): Promise<string[]> {
    const cached = this.privateTypes.get(workspaceId)
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.types
    const types = (await this.auth.workspace(workspaceId))?.privateTypes ?? []
    this.privateTypes.set(workspaceId, { types, at: Date.now() })
    return types
  }

  private async isPrivate(workspaceId: string, type: string): Promise<boolean> {
    return (await this.privateTypesOf(workspaceId)).includes(type)
  }
}
