/**
 * The catalog poke (DESIGN.md §3): when a workspace's catalog moves, every live-channel client of
 * that workspace hears the new sequence, `{ t: 'catalog', seq }`, and pulls what changed since its
 * own. Commits are coalesced over a short window, as the document pokes of `live-hub.ts` are; then
 * the counters of the marked workspaces are read in one query (the commit that moved them is
 * durable by then, dependents' re-projection included) and only a sequence that moved goes out.
 *
 * A sequence says that something changed, not what: rows a member may not read stay in the pull.
 */
import type { Logger } from '../logger'
import type { Services } from '../services'
import type { SqlRunner } from '../storage/sql'

export type CatalogListener = (seq: number) => void

export class CatalogPokes {
  private readonly listeners = new Map<string, Set<CatalogListener>>()
  private readonly marked = new Set<string>()
  /** Per followed workspace, the last sequence sent. */
  private readonly sent = new Map<string, number>()
  private timer: ReturnType<typeof setTimeout> | null = null
  private flushing: Promise<void> | null = null

  constructor(private readonly db: SqlRunner, private readonly logger: Logger, private readonly windowMs = 25) {}

  /** Calls `listener` with each new sequence of the workspace's catalog; returns the unsubscribe. */
  subscribe(workspaceId: string, listener: CatalogListener): () => void {
    let set = this.listeners.get(workspaceId)
    if (!set) this.listeners.set(workspaceId, (set = new Set()))
    set.add(listener)
    return () => {
      set.delete(listener)
      if (set.size > 0) return
      this.listeners.delete(workspaceId)
      this.sent.delete(workspaceId)
    }
  }

  /** A document of the workspace committed: its catalog (or a dependent's row) may have moved. */
  committed(docName: string): void {
    const workspaceId = docName.slice(0, docName.indexOf('/'))
    if (!this.listeners.has(workspaceId)) return
    this.marked.add(workspaceId)
    this.schedule()
  }

  /** Resolves once the marked workspaces have been read and poked (tests). */
  async idle(): Promise<void> {
    while (this.timer || this.flushing) {
      await (this.flushing ?? new Promise((resolve) => setTimeout(resolve, this.windowMs)))
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.listeners.clear()
    this.marked.clear()
  }

  private schedule(): void {
    if (this.timer || this.flushing) return
    this.timer = setTimeout(() => {
      this.timer = null
      this.flushing = this.flush().finally(() => {
        this.flushing = null
        // Commits that came in while reading go out in the next window.
        if (this.marked.size > 0) this.schedule()
      })
    }, this.windowMs)
    this.timer.unref?.()
  }

  private async flush(): Promise<void> {
    const workspaces = [...this.marked]
    this.marked.clear()
    let rows: Array<{ workspace_id: string; seq: number | string }>
    try {
      rows = await this.db.query('select workspace_id, seq from catalog_counters where workspace_id = any($1::text[])', [workspaces])
    } catch (error) {
      this.logger.warn('could not read the catalog counters for a poke', { error: String(error) })
      return
    }
    for (const row of rows) {
      const seq = Number(row.seq)
      const listeners = this.listeners.get(row.workspace_id)
      if (!listeners || seq <= (this.sent.get(row.workspace_id) ?? 0)) continue
      this.sent.set(row.workspace_id, seq)
      for (const listener of [...listeners]) listener(seq)
    }
  }
}

const byServices = new WeakMap<Services, CatalogPokes>()

/** The catalog pokes of a server, made once and fed by its commit listeners. */
export function catalogPokesFor(services: Services): CatalogPokes {
  let pokes = byServices.get(services)
  if (!pokes) {
    const made = new CatalogPokes(services.storage.db, services.logger)
    services.committed.add((docName) => made.committed(docName))
    byServices.set(services, (pokes = made))
  }
  return pokes
}
