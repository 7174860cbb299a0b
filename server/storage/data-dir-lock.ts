/**
 * One live server process per data directory: PGlite is a single-process database, and two
 * processes writing one directory would corrupt it. The lock file holds the holder's PID and its
 * process start time (so a recycled PID is not mistaken for a live holder); a lock whose holder is
 * gone is taken over, so a restart after a crash works.
 */
import { closeSync, mkdirSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs'
import { join } from 'node:path'

export const LOCK_FILE = 'tandem.lock'

export interface LockHolder {
  pid: number
  startedAt: string
  /** Process start time in clock ticks since boot (Linux), to tell a recycled PID apart. */
  startTicks: number | null
}

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder) {
    super(`The data directory ${dataDir} is in use by another Tandem server (pid ${holder.pid}, started ${holder.startedAt}). ` +
      'Stop that server first, or start this one with another DATA_DIR.')
  }
}

export interface DataDirLock {
  release(): void
}

export function acquireDataDirLock(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, LOCK_FILE)
  const me: LockHolder = { pid: process.pid, startedAt: new Date().toISOString(), startTicks: processStartTicks(process.pid) }
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fd = openSync(path, 'wx')
      writeSync(fd, JSON.stringify(me))
      closeSync(fd)
      return { release: () => releaseIfMine(path, me) }
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
    }
    const holder = readHolder(path)
    if (holder && isAlive(holder)) throw new DataDirLockedError(dataDir, holder)
    // The holder is dead (or the file is unreadable junk from a crash mid-write): take it over.
    try { unlinkSync(path) } catch { /* another starter removed it first; retry */ }
  }
  throw new Error(`Could not take the lock ${path}: another process keeps replacing it.`)
}

function releaseIfMine(path: string, me: LockHolder): void {
  const holder = readHolder(path)
  if (holder?.pid === me.pid && holder.startedAt === me.startedAt) {
    try { unlinkSync(path) } catch { /* already gone */ }
  }
}

function readHolder(path: string): LockHolder | null {
  try {
    const value = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>
    if (typeof value.pid !== 'number' || typeof value.startedAt !== 'string') return null
    return { pid: value.pid, startedAt: value.startedAt, startTicks: typeof value.startTicks === 'number' ? value.startTicks : null }
  } catch {
    return null
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.pid === process.pid) return true
  try {
    process.kill(holder.pid, 0)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false
  }
  const ticks = processStartTicks(holder.pid)
  return holder.startTicks === null || ticks === null || ticks === holder.startTicks
}

/** Field 22 of /proc/<pid>/stat: the process start time. Null where /proc is not available. */
function processStartTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    const value = Number(fields[19])
    return Number.isFinite(value) ? value : null
  } catch {
    return null
  }
}
