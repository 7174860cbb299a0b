/**
 * The live channel's server side: the clients subscribed per workspace, and coalesced pokes.
 * A commit marks its document; within a short window the marked documents go out as one poke
 * to every subscriber of their workspace, who passes on what its principal may read.
 */

export interface LiveSubscriber {
  poke(docs: string[]): void
}

export class LiveHub {
  private readonly subscribers = new Map<string, Set<LiveSubscriber>>()
  private readonly changed = new Map<string, Set<string>>()
  private timer: ReturnType<typeof setTimeout> | null = null

  constructor(private readonly windowMs = 25) {}

  get subscriberCount(): number {
    let n = 0
    for (const set of this.subscribers.values()) n += set.size
    return n
  }

  subscribe(workspaceId: string, subscriber: LiveSubscriber): () => void {
    let set = this.subscribers.get(workspaceId)
    if (!set) this.subscribers.set(workspaceId, (set = new Set()))
    set.add(subscriber)
    return () => {
      set.delete(subscriber)
      if (set.size === 0) this.subscribers.delete(workspaceId)
    }
  }

  /** Marks a document as changed; subscribers of its workspace hear of it within the window. */
  changedDocument(docName: string): void {
    const workspaceId = docName.slice(0, docName.indexOf('/'))
    if (!this.subscribers.has(workspaceId)) return
    let docs = this.changed.get(workspaceId)
    if (!docs) this.changed.set(workspaceId, (docs = new Set()))
    docs.add(docName)
    if (!this.timer) {
      this.timer = setTimeout(() => this.flush(), this.windowMs)
      this.timer.unref?.()
    }
  }

  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
    this.subscribers.clear()
    this.changed.clear()
  }

  private flush(): void {
    this.timer = null
    for (const [workspaceId, docs] of this.changed) {
      const names = [...docs]
      for (const subscriber of this.subscribers.get(workspaceId) ?? []) subscriber.poke(names)
    }
    this.changed.clear()
  }
}
