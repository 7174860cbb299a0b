/**
 * The local catalog of one workspace (DESIGN.md §3, §4): every record's row as the server projects
 * it, kept in IndexedDB (`catalog-store.ts`) and pulled page by page since the last sequence, with
 * our own edits over it at once. Lists and search read it; catch-up follows it.
 *
 *   load()      ─▶ the kept rows read back in list order, page by page, watched types first ─▶ fullyLoaded
 *   pull(held)  ─▶ rows changed since `seq` ─▶ stored; held documents whose version moved marked stale
 *   stale       ─▶ the sync client catches them up in one batched request ─▶ caughtUp(names)
 *   local edit  ─▶ the row projected from the local document (projectValues), `pending: true`
 *
 * A row is never turned into a document: a record with no local document is fetched when opened.
 *
 * A local edit stays over the server's row until a pull that started when the document had no
 * waiting changes (so the server's row already has them); an edit the server refused goes the same
 * way, and the row shows the server's values again.
 */
import type * as Y from 'yjs'
import { parseDocName } from '../../shared/doc-name'
import { fetchCatalogPage } from './catalog-request'
import { localEditOf, rowOf } from './catalog-rows'
import { openCatalogStore, type CatalogEntry, type CatalogStore, type PagePosition } from './catalog-store'
import { compareRows, matches, patchSorted, type CatalogListRow, type CatalogQuery } from './catalog-view'
import { makeObservable, type Observable } from './observable'

export type { CatalogListRow, CatalogQuery }
export { CatalogPullError } from './catalog-request'

export interface LocalCatalogOptions {
  namespace: string
  workspaceId: string
  serverUrl: string
  fetch: typeof fetch
  /** Documents with local changes the server has not committed. */
  waitingDocuments(): Iterable<string>
  hasWaiting(docName: string): boolean
  /** Rows per page (the server allows up to 1000). */
  pageSize?: number
  /** Where the catalog is kept (tests); default: IndexedDB under `namespace`. */
  store?: CatalogStore
}

/** Rows of the first page read of a type (a list's first screen), and of each page after it. */
const FIRST_PAGE = 150
const PAGE = 2000

export class LocalCatalog {
  private readonly store: CatalogStore
  private readonly entries = new Map<string, CatalogEntry>()
  private readonly staleDocs = new Set<string>()
  private readonly seqValue = makeObservable(0)
  private readonly versionValue = makeObservable(0)
  /** The ids each recent version changed, so a list patches a few rows instead of re-sorting all. */
  private readonly changeLog: Array<{ version: number; ids: string[] }> = []
  /** Lists at a version below this are rebuilt: the log no longer reaches back to them. */
  private logFloor = 0
  /** Bumps with every local edit: a pull drops only edits older than its start. */
  private localMark = 0
  private readonly marks = new Map<string, number>()
  private readonly dirty = new Map<string, Y.Doc>()
  private flushScheduled = false
  private readonly writes = new Set<Promise<void>>()
  private loaded: Promise<void> | null = null
  private readonly fullyLoadedValue = makeObservable(false)
  /** Record types lists watch, the latest first: read from IndexedDB before the others. */
  private readonly preferred: string[] = []
  /**
   * Ids changed in memory while the stored rows are still being read: what is in memory is newer
   * than what a page read meanwhile brings (a write may land after the read began).
   */
  private readonly touched = new Set<string>()

  constructor(private readonly options: LocalCatalogOptions) {
    this.store = options.store ?? openCatalogStore(options.namespace)
  }

  /** The last sequence pulled completely. */
  get seq(): Observable<number> {
    return this.seqValue
  }

  /** Bumps on every change of any row: what a list re-reads on. */
  get version(): Observable<number> {
    return this.versionValue
  }

  /** True once every row kept in IndexedDB is in memory (until then lists show the start of theirs). */
  get fullyLoaded(): Observable<boolean> {
    return this.fullyLoadedValue
  }

  /**
   * Reads the catalog kept in IndexedDB, page by page, each type's rows in list order and the
   * types lists watch first, so a list shows its first page at once and fills in behind it; each
   * page is a short task. Resolves when everything is read (pulls wait for that). Damaged rows
   * are dropped and the sequence reset, so a pull brings them again.
   */
  load(): Promise<void> {
    this.loaded ??= this.readStored()
    return this.loaded
  }

  /** One record's row, or null when the catalog does not have it. */
  get(id: string): CatalogListRow | null {
    const entry = this.entries.get(id)
    return entry ? rowOf(id, entry) : null
  }

  /** The rows a list shows, by title then id. */
  list(query: CatalogQuery = {}): CatalogListRow[] {
    const rows: CatalogListRow[] = []
    for (const [id, entry] of this.entries) {
      const row = rowOf(id, entry)
      if (matches(row, query)) rows.push(row)
    }
    return rows.sort(compareRows)
  }

  /**
   * `list(query)` as an observable: brought up to date when read after a change (a few changed
   * rows are patched in place of a full sort), told when its rows changed. Each change is a new array.
   */
  watch(query: CatalogQuery = {}): Observable<readonly CatalogListRow[]> {
    // Its type's rows are read from IndexedDB before the others'.
    if (query.type !== undefined) this.prefer(query.type)
    let at = -1
    let rows: readonly CatalogListRow[] = []
    let byId = new Map<string, CatalogListRow>()
    const get = () => {
      const now = this.versionValue.get()
      if (at === now) return rows
      const changed = at < 0 || at < this.logFloor ? null : this.changedSince(at)
      if (changed && changed.size <= Math.max(1000, rows.length / 4)) {
        rows = patchSorted(rows, byId, changed, (id) => this.get(id), query)
      } else {
        rows = this.list(query)
        byId = new Map(rows.map((row) => [row.id, row]))
      }
      at = now
      return rows
    }
    return {
      get,
      // Told only when this list changed: an edit of an account does not wake every contacts list.
      subscribe: (listener) => {
        let told = get()
        return this.versionValue.subscribe(() => {
          const next = get()
          if (next === told) return
          told = next
          listener(next)
        })
      },
    }
  }

  /** Held documents the server changed that are not caught up yet. */
  staleDocuments(): string[] {
    return [...this.staleDocs]
  }

  /** These documents were caught up (or are synced by their socket): no longer stale. */
  async caughtUp(docNames: Iterable<string>): Promise<void> {
    const names = [...docNames].filter((name) => this.staleDocs.delete(name))
    if (names.length > 0) await this.track(this.store.clearStale(this.options.workspaceId, names))
  }

  /**
   * Pulls every page since the last sequence. Held documents among the changed rows become stale;
   * returns the names of all documents whose rows changed.
   */
  async pull(held: ReadonlySet<string>): Promise<string[]> {
    await this.load()
    const startMark = this.localMark
    const waitingAtStart = new Set(this.options.waitingDocuments())
    const changed: string[] = []
    let since = this.seqValue.get()
    let cursor: string | null = null
    for (;;) {
      const page = await fetchCatalogPage(this.options.fetch, {
        serverUrl: this.options.serverUrl, workspaceId: this.options.workspaceId, since, cursor, limit: this.options.pageSize ?? 500,
      })
      if (cursor === null && page.seq < since) {
        // The server's catalog is behind ours: it was reset. Start again from nothing.
        await this.forgetServerRows()
        since = 0
        continue
      }
      const entries: Array<[string, CatalogEntry]> = []
      const stale: string[] = []
      for (const row of page.rows) {
        if (row.docName !== `${this.options.workspaceId}/${row.type}/${row.id}`) continue
        const before = this.entries.get(row.id)
        if (before?.server && before.server.changeSeq > row.changeSeq) continue
        const local = before?.local && !settled(row.docName, this.marks, startMark, waitingAtStart) ? before.local : null
        const entry: CatalogEntry = { docName: row.docName, server: row, local }
        if (!local) this.marks.delete(row.docName)
        this.entries.set(row.id, entry)
        entries.push([row.id, entry])
        changed.push(row.docName)
        // A row re-projected only for a referenced record's title keeps its version: its document
        // did not change, so there is nothing to catch up.
        const documentChanged = before?.server?.version !== row.version
        if (documentChanged && held.has(row.docName) && !this.staleDocs.has(row.docName)) {
          this.staleDocs.add(row.docName)
          stale.push(row.docName)
        }
      }
      if (!page.next) {
        // Local edits the server has had since before this pull started are in its rows by now.
        // (Every entry with a local edit has a mark, so this looks at those only.)
        for (const docName of [...this.marks.keys()]) {
          const id = parseDocName(docName)?.recordId
          const entry = id === undefined ? undefined : this.entries.get(id)
          if (!id || !entry?.local) {
            this.marks.delete(docName)
            continue
          }
          if (!settled(docName, this.marks, startMark, waitingAtStart)) continue
          const next: CatalogEntry = { ...entry, local: null }
          this.marks.delete(docName)
          if (next.server) this.entries.set(id, next)
          else this.entries.delete(id)
          entries.push([id, next])
        }
      }
      if (entries.length > 0) this.bump(entries.map(([id]) => id))
      await this.track(this.store.save(this.options.workspaceId, { entries, stale, ...(page.next ? {} : { seq: page.seq }) }))
      if (!page.next) {
        this.seqValue.set(Math.max(page.seq, this.seqValue.get()))
        return changed
      }
      cursor = page.next
    }
  }

  /**
   * Follows an open document (and the one that replaces it after a refusal): each change made here,
   * and each change while a local edit is shown, projects its row again.
   */
  follow(docName: string, current: Observable<{ doc: Y.Doc }>): () => void {
    let doc = current.get().doc
    // Registered after the session's own handler, which has counted a local update as waiting by now.
    const onUpdate = () => {
      if (this.options.hasWaiting(docName) || this.marks.has(docName)) this.localChange(docName, doc)
    }
    doc.on('update', onUpdate)
    const stop = current.subscribe((next) => {
      doc.off('update', onUpdate)
      doc = next.doc
      doc.on('update', onUpdate)
      // A new document after a refusal is the server's state: the server's row shows again.
      if (!this.options.hasWaiting(docName)) this.dropLocal(docName)
      else if (this.marks.has(docName)) this.localChange(docName, doc)
    })
    return () => {
      stop()
      doc.off('update', onUpdate)
    }
  }

  /**
   * A document changed here: its row is projected from the document now, as a pending edit. Calls
   * within one task are one projection; the write to IndexedDB follows.
   */
  localChange(docName: string, doc: Y.Doc): void {
    this.dirty.set(docName, doc)
    if (this.flushScheduled) return
    this.flushScheduled = true
    queueMicrotask(() => this.flushLocal())
  }

  /** True while a local edit of the document is shown over the server's row. */
  hasLocalEdit(docName: string): boolean {
    return this.marks.has(docName)
  }

  /** Resolves when every catalog write so far is in IndexedDB. */
  async whenSaved(): Promise<void> {
    while (this.writes.size > 0) await Promise.all([...this.writes])
  }

  // ── internals ────────────────────────────────────────────────────────────────────────────

  private dropLocal(docName: string): void {
    const id = parseDocName(docName)?.recordId
    const entry = id === undefined ? undefined : this.entries.get(id)
    this.dirty.delete(docName)
    this.marks.delete(docName)
    if (!id || !entry?.local) return
    const next: CatalogEntry = { ...entry, local: null }
    this.setEntry(id, next.server ? next : null)
    this.bump([id])
    // Not saved is not lost: the row is projected again from the document or pulled again.
    void this.track(this.store.save(this.options.workspaceId, { entries: [[id, next]] })).catch(() => {})
  }

  private flushLocal(): void {
    this.flushScheduled = false
    const dirty = [...this.dirty]
    this.dirty.clear()
    // While the stored rows are still being read, a row not read yet is read first: the edit goes
    // over the server's row, which must not be lost.
    const unread = this.fullyLoadedValue.get() ? [] : dirty.map(([name]) => parseDocName(name)?.recordId)
      .filter((id): id is string => id !== undefined && !this.entries.has(id) && !this.touched.has(id))
    if (unread.length === 0) {
      this.project(dirty)
      return
    }
    const read = this.store.getEntries(this.options.workspaceId, unread).then((found) => {
      for (const [id, entry] of found) {
        if (this.entries.has(id) || this.touched.has(id)) continue
        this.entries.set(id, entry)
        this.touched.add(id)
      }
    })
    // Read or not, the edit shows (over no server row when the read failed: the pull brings it).
    void this.track(read).catch(() => {}).then(() => this.project(dirty))
  }

  /** Projects each document's row from its current state, as a pending edit, and saves them. */
  private project(dirty: Array<[string, Y.Doc]>): void {
    const entries: Array<[string, CatalogEntry]> = []
    for (const [docName, doc] of dirty) {
      const before = this.entries.get(parseDocName(docName)?.recordId ?? '')
      const made = localEditOf(docName, doc, (ref) => this.get(ref)?.title ?? before?.server?.refTitles[ref])
      if (!made) continue
      const entry: CatalogEntry = { docName, server: before?.server ?? null, local: made.edit }
      this.marks.set(docName, ++this.localMark)
      this.setEntry(made.id, entry)
      entries.push([made.id, entry])
    }
    if (entries.length === 0) return
    this.bump(entries.map(([id]) => id))
    // Not saved is not lost: the row is projected again from the document or pulled again.
    void this.track(this.store.save(this.options.workspaceId, { entries })).catch(() => {})
  }

  /** Sets (or, with null, deletes) an entry changed here, newer than any stored row read later. */
  private setEntry(id: string, entry: CatalogEntry | null): void {
    if (entry) this.entries.set(id, entry)
    else this.entries.delete(id)
    if (!this.fullyLoadedValue.get()) this.touched.add(id)
  }

  private prefer(type: string): void {
    const at = this.preferred.indexOf(type)
    if (at >= 0) this.preferred.splice(at, 1)
    this.preferred.unshift(type)
  }

  private async readStored(): Promise<void> {
    const { workspaceId } = this.options
    const meta = await this.store.loadMeta(workspaceId)
    for (const name of meta.stale) this.staleDocs.add(name)
    this.seqValue.set(meta.seq)
    let damaged = meta.damaged
    // Per type: where its next page starts (null: from the start); done when its last page is read.
    const positions = new Map<string, PagePosition | null>()
    const done = new Set<string>()
    let listedUpTo: string | null = null
    let listedAll = false
    for (;;) {
      let type = this.preferred.find((t) => !done.has(t)) ?? [...positions.keys()].find((t) => !done.has(t))
      if (type === undefined && !listedAll) {
        // The types stored, one after another, by the index itself.
        const next = await this.store.nextType(workspaceId, listedUpTo)
        if (next === null) {
          listedAll = true
          continue
        }
        listedUpTo = next
        if (done.has(next)) continue
        type = next
      }
      if (type === undefined) break
      const after = positions.get(type) ?? null
      // A small first page, so a list shows as soon as it can; then pages of a short task each.
      const page = await this.store.loadPage(workspaceId, type, after, after === null ? FIRST_PAGE : PAGE)
      damaged += page.damaged
      const ids: string[] = []
      for (const [id, entry] of page.entries) {
        if (this.touched.has(id) || this.entries.has(id)) continue
        this.entries.set(id, entry)
        // An edit kept from an earlier session is older than any pull of this one.
        if (entry.local) this.marks.set(entry.docName, 0)
        ids.push(id)
      }
      if (page.next) positions.set(type, page.next)
      else done.add(type)
      if (ids.length > 0) this.bump(ids)
    }
    if (damaged > 0) this.seqValue.set(0)
    this.touched.clear()
    this.fullyLoadedValue.set(true)
  }

  private async forgetServerRows(): Promise<void> {
    const ids = [...this.entries.keys()]
    for (const [id, entry] of this.entries) {
      if (entry.local) this.entries.set(id, { ...entry, server: null })
      else this.entries.delete(id)
    }
    this.staleDocs.clear()
    this.seqValue.set(0)
    await this.track(this.store.reset(this.options.workspaceId))
    await this.track(this.store.save(this.options.workspaceId, { entries: [...this.entries] }))
    this.bump(ids)
  }

  private bump(ids: Iterable<string>): void {
    const version = this.versionValue.get() + 1
    this.changeLog.push({ version, ids: [...ids] })
    if (this.changeLog.length > 500) this.logFloor = this.changeLog.splice(0, 250).at(-1)!.version
    this.versionValue.set(version)
  }

  /** The ids changed after version `at`. */
  private changedSince(at: number): Set<string> {
    const ids = new Set<string>()
    for (let i = this.changeLog.length - 1; i >= 0 && this.changeLog[i]!.version > at; i--) {
      for (const id of this.changeLog[i]!.ids) ids.add(id)
    }
    return ids
  }

  private track(write: Promise<void>): Promise<void> {
    const tracked = write.finally(() => this.writes.delete(tracked))
    this.writes.add(tracked)
    return tracked
  }
}

/**
 * A local edit is in the server's row when it is older than the pull and its document had nothing
 * waiting when the pull started. An edit loaded from IndexedDB (no mark in this session) counts as
 * old: whether it is settled is then up to the waiting changes alone.
 */
function settled(docName: string, marks: Map<string, number>, startMark: number, waitingAtStart: Set<string>): boolean {
  return (marks.get(docName) ?? 0) <= startMark && !waitingAtStart.has(docName)
}
