/**
 * What the sync layer tells the user about: every problem names its document (when it has one) and
 * carries a message a person can read. Nothing here is thrown at the app; problems are collected
 * in the client's `problems` observable until the app dismisses them.
 */
import type { Draft } from './draft'

export const SYNC_PROBLEM = {
  /** The server refused a document's local changes; they are kept as a draft. */
  REFUSED: 'REFUSED',
  /** The server closed a document's socket for good (4400–4499); local state is kept. */
  CLOSED: 'CLOSED',
  /** The server does not know the document or will not let this user read it. */
  DENIED: 'DENIED',
  /** A catch-up request failed; it is retried on the next reconnect or poke. */
  CATCH_UP_FAILED: 'CATCH_UP_FAILED',
  /** The live channel was closed for good (4400–4499). */
  LIVE_CHANNEL_CLOSED: 'LIVE_CHANNEL_CLOSED',
  /** A document's local copy could not be read; other documents are unaffected. */
  REPLICA_CORRUPT: 'REPLICA_CORRUPT',
  /** IndexedDB refused a write (quota, private mode); the change is in memory only. */
  LOCAL_SAVE_FAILED: 'LOCAL_SAVE_FAILED',
  /** The server sent a frame this client cannot read. */
  PROTOCOL: 'PROTOCOL',
  /** A newer build in another tab upgraded the local databases; this tab let go of them and needs a reload. */
  UPDATED_ELSEWHERE: 'UPDATED_ELSEWHERE',
  /** The local databases wait to be upgraded until older tabs close; gone once they did. */
  UPGRADE_BLOCKED: 'UPGRADE_BLOCKED',
} as const

export type SyncProblemKind = (typeof SYNC_PROBLEM)[keyof typeof SYNC_PROBLEM]

export interface SyncProblem {
  kind: SyncProblemKind
  docName: string | null
  /** The server's error code or close reason, when the problem came from the server. */
  code: string | null
  message: string
  /** For `REFUSED`: the refused values. */
  draft?: Draft
  details?: Record<string, unknown>
  at: number
}

export function problem(kind: SyncProblemKind, docName: string | null, message: string, extra: Partial<Pick<SyncProblem, 'code' | 'draft' | 'details'>> = {}): SyncProblem {
  return { kind, docName, code: extra.code ?? null, message, ...(extra.draft ? { draft: extra.draft } : {}), ...(extra.details ? { details: extra.details } : {}), at: Date.now() }
}
