/**
 * Every open socket (sync and live channel) with the principal it was opened for, so that access
 * changes reach open sockets at once: a signed-out session's sockets close, a removed member's
 * sockets close, a demoted member's sync sockets turn read-only.
 */
import type { DocName } from '../../shared/doc-name'
import type { Principal } from '../auth/principal'

export interface RegisteredSocket {
  principal: Principal
  workspaceId: string
  /** The document of a sync socket; absent for a live channel. */
  doc?: { name: string; parsed: DocName }
  setReadOnly(readOnly: boolean): void
  close(code: number, reason: string): void
}

export class ConnectionRegistry {
  private readonly sockets = new Set<RegisteredSocket>()

  add(socket: RegisteredSocket): () => void {
    this.sockets.add(socket)
    return () => this.sockets.delete(socket)
  }

  get size(): number {
    return this.sockets.size
  }

  countForUser(userId: string): number {
    let n = 0
    for (const s of this.sockets) if (s.principal.kind === 'user' && s.principal.user.id === userId) n++
    return n
  }

  matching(predicate: (socket: RegisteredSocket) => boolean): RegisteredSocket[] {
    return [...this.sockets].filter(predicate)
  }

  forSession(sessionHash: string): RegisteredSocket[] {
    return this.matching((s) => s.principal.kind === 'user' && s.principal.sessionHash === sessionHash)
  }

  /** A workspace's sockets; with a user, theirs and those of the API tokens they made. */
  forWorkspace(workspaceId: string, userId: string | null): RegisteredSocket[] {
    const personOf = (s: RegisteredSocket) => (s.principal.kind === 'user' ? s.principal.user.id : s.principal.token.createdBy)
    return this.matching((s) => s.workspaceId === workspaceId && (userId === null || personOf(s) === userId))
  }

  forToken(tokenId: string): RegisteredSocket[] {
    return this.matching((s) => s.principal.kind === 'token' && s.principal.token.id === tokenId)
  }
}
