/**
 * The loaded rooms of this process: loads a room on first use, keeps it while connections or
 * requests hold it, and unloads it a while after the last one lets go.
 */
import { parseDocName } from '../../shared/doc-name'
import { Room, type RoomDeps } from './room'

export type RoomsDeps = Omit<RoomDeps, 'onIdle'> & { unloadAfterMs: number }

export class Rooms {
  private readonly rooms = new Map<string, Room>()
  private readonly unloadTimers = new Map<Room, ReturnType<typeof setTimeout>>()

  constructor(private readonly deps: RoomsDeps) {}

  get size(): number {
    return this.rooms.size
  }

  get connectionCount(): number {
    let n = 0
    for (const room of this.rooms.values()) n += room.connectionCount
    return n
  }

  /** The room of a document, loading it if needed. Null for a name that is not a document name. */
  open(name: string): Room | null {
    const existing = this.rooms.get(name)
    if (existing) {
      this.cancelUnload(existing)
      return existing
    }
    const doc = parseDocName(name)
    if (!doc) return null
    const room = new Room(name, doc, { ...this.deps, onIdle: (r) => this.onIdle(r) })
    this.rooms.set(name, room)
    return room
  }

  /** Holds a room loaded for the duration of `work` (requests that are not connections). */
  async with<T>(name: string, work: (room: Room) => Promise<T>): Promise<T> {
    const room = this.open(name)
    if (!room) throw new Error(`not a document name: ${name}`)
    room.hold()
    try {
      await room.ready
      return await work(room)
    } finally {
      room.release()
    }
  }

  get(name: string): Room | undefined {
    return this.rooms.get(name)
  }

  /** Unloads every room now (shutdown), closing their connections with a reason. */
  closeAll(): void {
    for (const room of this.rooms.values()) {
      this.cancelUnload(room)
      room.destroy()
    }
    this.rooms.clear()
  }

  /** Resolves when no room has an update in flight. */
  async idle(): Promise<void> {
    await Promise.all([...this.rooms.values()].map((room) => room.idle()))
  }

  private onIdle(room: Room): void {
    if (room.state !== 'ready') {
      this.forget(room)
      return
    }
    if (this.unloadTimers.has(room)) return
    const timer = setTimeout(() => {
      this.unloadTimers.delete(room)
      if (room.references === 0) {
        room.destroy()
        this.forget(room)
      }
    }, this.deps.unloadAfterMs)
    timer.unref?.()
    this.unloadTimers.set(room, timer)
  }

  private cancelUnload(room: Room): void {
    const timer = this.unloadTimers.get(room)
    if (timer) clearTimeout(timer)
    this.unloadTimers.delete(room)
  }

  private forget(room: Room): void {
    this.cancelUnload(room)
    if (this.rooms.get(room.name) === room) this.rooms.delete(room.name)
  }
}
