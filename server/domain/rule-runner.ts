/**
 * Runs the business rules the CRDT cannot keep (DESIGN.md §7) after commits, off the hot path.
 * Each commit turn queues its document (coalesced: a document waiting once is checked once, with
 * whatever state it has by then); one worker checks queued documents in order. A check reads the
 * projection (written in the commit's transaction, so current) and repairs what stays broken as an
 * attributed edit by `server` through the room, which commits, projects, writes field history and
 * reaches every open editor. A repair's own commit is checked again and finds nothing to do, so
 * repairs are idempotent. A failing check is logged, never thrown into the commit path.
 */
import { parseDocName } from '../../shared/doc-name'
import type { Logger } from '../logger'
import type { SqlDatabase } from '../storage/sql'
import type { Rooms } from '../sync/rooms'
import { checkCaseNumber } from './case-number-rule'
import { checkParentCycle } from './parent-cycle-rule'
import { accountsNaming, checkPrimaryContact } from './primary-contact-rule'
import { editRecord } from './record-edits'
import { checkRelationshipRoles, relationshipsUsing } from './relationship-role-rule'
import { SERVER_ACTOR, type RuleContext } from './rule-context'
import { documentsToSweep } from './rule-sweep'
import { CREATED, type CommitListener } from '../sync/commit-notice'

function mayMatter(docName: string, fields: ReadonlySet<string>): boolean {
  if (fields.has(CREATED)) return true
  const type = docName.slice(docName.indexOf('/') + 1, docName.lastIndexOf('/'))
  const triggers = TRIGGERS[type]
  if (!triggers) return false
  for (const field of fields) if (triggers.has(field)) return true
  return false
}

export interface RuleRunnerDeps {
  db: SqlDatabase
  rooms: Rooms
  logger: Logger
  committed: Set<CommitListener>
}

/**
 * The fields whose change can break or mend a rule, by record type: a commit that changed none of
 * them is not checked (most edits are of other fields, and a check costs queries). A document's
 * first update (CREATED) is always checked.
 */
const TRIGGERS: Record<string, ReadonlySet<string>> = {
  account: new Set(['primaryContactId', 'parentAccountId', 'deleted']),
  contact: new Set(['accountId', 'deleted']),
  relationship: new Set(['fromType', 'toType', 'fromRoleId', 'toRoleId', 'deleted']),
  'relationship-role': new Set(['appliesTo', 'deleted']),
  case: new Set(['caseNumber', 'status', 'deleted']),
}

export interface RuleOptions {
  /** How long a reference to a missing record may dangle before it is cleared (default 30 s). */
  graceMs?: number
}

export const DEFAULT_GRACE_MS = 30_000

export class RuleRunner {
  private readonly graceMs: number
  private readonly waiting = new Set<string>()
  private running: Promise<void> | null = null
  private stopped = false
  /** Dangling references by `<doc>#<field>`: the missing id and since when. */
  private readonly missing = new Map<string, { value: string; since: number }>()
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>()
  private readonly listener: CommitListener = (docName, fields) => {
    if (mayMatter(docName, fields)) this.enqueue(docName)
  }
  /** Checks run and repairs made, for tests and metrics. */
  checks = 0
  repairs = 0

  constructor(private readonly deps: RuleRunnerDeps, options: RuleOptions = {}) {
    this.graceMs = options.graceMs ?? DEFAULT_GRACE_MS
    deps.committed.add(this.listener)
  }

  /**
   * Queues the documents whose checks may have been lost when the server last stopped (rule-sweep.ts).
   * Called once at start, off the start-up path.
   */
  async sweep(): Promise<void> {
    try {
      for (const docName of await documentsToSweep(this.deps.db)) this.enqueue(docName)
    } catch (error) {
      if (!this.stopped) this.deps.logger.error('the business rule sweep failed', { error: String(error) })
    }
  }

  /** Queues a check of a document (no-op once stopped, or while it already waits). */
  enqueue(docName: string): void {
    if (this.stopped) return
    this.waiting.add(docName)
    this.pump()
  }

  /** Starts the worker unless it runs; when it ends, starts again for what arrived meanwhile. */
  private pump(): void {
    if (this.running || this.stopped || this.waiting.size === 0) return
    this.running = this.drain().finally(() => {
      this.running = null
      this.pump()
    })
  }

  /** Resolves when nothing waits and no check runs (grace timers may still be pending). */
  async idle(): Promise<void> {
    while (this.running) await this.running
  }

  /** Whether a check is waiting or running. */
  get busy(): boolean {
    return this.running !== null || this.waiting.size > 0
  }

  /** Checks of documents with a grace timer still pending. */
  get pendingGraceChecks(): number {
    return this.timers.size
  }

  /** Stops taking commits, cancels grace timers and waits for the check in progress. */
  async stop(): Promise<void> {
    this.stopped = true
    this.deps.committed.delete(this.listener)
    for (const timer of this.timers.values()) clearTimeout(timer)
    this.timers.clear()
    this.waiting.clear()
    await this.idle()
  }

  private async drain(): Promise<void> {
    while (!this.stopped && this.waiting.size > 0) {
      const docName = this.waiting.values().next().value as string
      this.waiting.delete(docName)
      try {
        await this.check(docName)
      } catch (error) {
        this.deps.logger.error('a business rule check failed', { doc: docName, error: String(error) })
      }
    }
  }

  private async check(docName: string): Promise<void> {
    const doc = parseDocName(docName)
    if (!doc) return
    this.checks++
    const ctx = this.context()
    const { workspaceId, recordId } = doc
    switch (doc.type) {
      case 'account':
        await checkPrimaryContact(ctx, workspaceId, recordId)
        await checkParentCycle(ctx, workspaceId, recordId)
        return
      case 'contact':
        for (const account of await accountsNaming(ctx, workspaceId, recordId)) this.enqueue(account)
        return
      case 'relationship':
        await checkRelationshipRoles(ctx, workspaceId, recordId)
        return
      case 'relationship-role':
        for (const relationship of await relationshipsUsing(ctx, workspaceId, recordId)) this.enqueue(relationship)
        return
      case 'case':
        await checkCaseNumber(ctx, workspaceId, recordId)
        return
    }
  }

  private context(): RuleContext & { db: SqlDatabase } {
    return {
      db: this.deps.db,
      check: (docName) => this.enqueue(docName),
      missingForGrace: (docName, field, value) => {
        const key = `${docName}#${field}`
        const now = Date.now()
        const seen = this.missing.get(key)
        if (seen && seen.value === value && now - seen.since >= this.graceMs) {
          this.missing.delete(key)
          return true
        }
        const since = seen && seen.value === value ? seen.since : now
        this.missing.set(key, { value, since })
        this.recheckAt(docName, since + this.graceMs - now)
        return false
      },
      notMissing: (docName, field) => {
        this.missing.delete(`${docName}#${field}`)
      },
      repair: async (docName, why, mutate) => {
        if (this.stopped) return
        const { declined, changed } = await editRecord(this.deps.rooms, docName, SERVER_ACTOR, (doc) => (mutate(doc) ? undefined : 'stale'))
        if (declined || !changed) return
        this.repairs++
        this.deps.logger.info('repaired a business rule', { doc: docName, why })
      },
    }
  }

  private recheckAt(docName: string, delayMs: number): void {
    if (this.stopped || this.timers.has(docName)) return
    const timer = setTimeout(() => {
      this.timers.delete(docName)
      this.enqueue(docName)
    }, Math.max(0, delayMs) + 1)
    timer.unref?.()
    this.timers.set(docName, timer)
  }
}
