/**
 * The update journal: a write-ahead file in front of the embedded database (PGlite).
 *
 * A commit to PGlite costs a transaction on the server's only thread, and the rows that go with
 * an update (its field history, the record's projection with its twenty-odd index entries) cost
 * far more than the update itself. So an update is made durable by appending it to this journal
 * (one `writev` per group commit), which is what "committed" means to clients, and the database
 * gets the rows a little later in bigger batches (server/storage/journaled-store.ts), where the
 * projection of a record edited twenty times is written once.
 *
 * Files: `<dir>/<segment>.log`, segment numbers ascending, zero-padded. Appends go to the newest
 * segment; each batch handed to the database starts a new one, and once the database has the
 * batch (and, in the same transaction, the segment number in `journal_state`), its segments are
 * deleted. On start, the segments after that number are read back and written again.
 *
 * A segment is a sequence of frames:
 *
 *     u32 payload length | u32 crc32 of the payload | payload
 *
 * little-endian. A frame cut short or with a wrong checksum ends its segment: it was being written
 * when the process died, so nobody heard it was committed. Durability is that of PGlite here: the
 * frame is in the operating system's page cache when the write returns (it survives the process
 * being killed, not a power cut; docs/decisions.md).
 */
import { closeSync, ftruncateSync, mkdirSync, openSync, readdirSync, readFileSync, unlinkSync, writevSync } from 'node:fs'
import { join } from 'node:path'
import { crc32 } from 'node:zlib'

const HEADER_BYTES = 8
/** The bytes of a frame's own header (length, checksum), which `appendFrame`'s first part leaves blank. */
export const FRAME_HEADER_BYTES = HEADER_BYTES
const SEGMENT_NAME = /^(\d{20})\.log$/

export interface JournalSegment {
  segment: number
  /** The payloads of the whole frames, in order. */
  frames: Uint8Array[]
  /** Set when the segment ended in a cut-short or corrupt frame, with its byte offset. */
  tornAt?: number
}

export class UpdateJournal {
  private fd: number
  private current: number
  /** Bytes in the current segment: where a failed append is cut back to. */
  private size = 0
  private broken: Error | null = null

  private constructor(private readonly dir: string, first: number) {
    this.current = first
    this.fd = openSync(this.pathOf(first), 'a')
  }

  /** Opens the journal for appending to a new segment numbered after every existing one and `after`. */
  static open(dir: string, after: number): UpdateJournal {
    mkdirSync(dir, { recursive: true })
    const last = Math.max(after, ...listSegments(dir))
    return new UpdateJournal(dir, last + 1)
  }

  /** The segment appends go to now. */
  get segment(): number {
    return this.current
  }

  /** Appends one frame made of `parts` (written together, not copied into one buffer). */
  append(parts: readonly Uint8Array[]): void {
    this.appendFrame([new Uint8Array(HEADER_BYTES), ...parts])
  }

  /**
   * Appends one frame whose payload is `parts` after the first `FRAME_HEADER_BYTES` of the first
   * part, which this fills with the frame's header (the commit path's parts come so, from
   * journal-codec.ts, and need no buffer or array of their own for it).
   */
  appendFrame(parts: Uint8Array[]): void {
    const first = parts[0]
    if (first === undefined || first.byteLength < HEADER_BYTES) throw new Error('a journal frame needs room for its header')
    const payloadHead = first.subarray(HEADER_BYTES)
    let length = payloadHead.byteLength
    let crc = crc32(payloadHead)
    for (let i = 1; i < parts.length; i++) {
      const part = parts[i]!
      length += part.byteLength
      crc = crc32(part, crc)
    }
    const view = new DataView(first.buffer, first.byteOffset, HEADER_BYTES)
    view.setUint32(0, length, true)
    view.setUint32(4, crc, true)
    const total = HEADER_BYTES + length
    if (this.broken) throw this.broken
    try {
      let written = writevSync(this.fd, parts)
      // A regular file takes the whole write at once in practice; finish a short write all the same.
      while (written < total) written += writevSync(this.fd, [Buffer.concat(parts).subarray(written)])
    } catch (error) {
      // Half a frame would end the segment at replay and hide every frame appended after it:
      // cut it off, or, if even that fails, take no more appends.
      try {
        ftruncateSync(this.fd, this.size)
      } catch {
        this.broken = new Error(`the update journal cannot be written (${(error as Error).message})`)
      }
      throw error
    }
    this.size += total
  }

  /** Starts a new segment and returns the number of the one closed. */
  rotate(): number {
    const closed = this.current
    closeSync(this.fd)
    this.current = closed + 1
    this.fd = openSync(this.pathOf(this.current), 'a')
    this.size = 0
    return closed
  }

  /** Deletes the segments numbered `upTo` or less (the database has their updates). */
  discardThrough(upTo: number): void {
    for (const segment of listSegments(this.dir)) {
      if (segment <= upTo) unlinkSync(this.pathOf(segment))
    }
  }

  close(): void {
    closeSync(this.fd)
  }

  private pathOf(segment: number): string {
    return segmentPath(this.dir, segment)
  }
}

/** Reads the segments numbered above `after`, oldest first (before the journal is opened for appends). */
export function readSegments(dir: string, after: number): JournalSegment[] {
  let segments: number[]
  try {
    segments = listSegments(dir)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  return segments.filter((s) => s > after).map((segment) => readSegment(segmentPath(dir, segment), segment))
}

function readSegment(path: string, segment: number): JournalSegment {
  const bytes = new Uint8Array(readFileSync(path))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const frames: Uint8Array[] = []
  let offset = 0
  while (offset < bytes.byteLength) {
    if (offset + HEADER_BYTES > bytes.byteLength) return { segment, frames, tornAt: offset }
    const length = view.getUint32(offset, true)
    const crc = view.getUint32(offset + 4, true)
    const start = offset + HEADER_BYTES
    if (start + length > bytes.byteLength) return { segment, frames, tornAt: offset }
    const payload = bytes.subarray(start, start + length)
    if (crc32(payload) !== crc) return { segment, frames, tornAt: offset }
    frames.push(payload)
    offset = start + length
  }
  return { segment, frames }
}

function listSegments(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => SEGMENT_NAME.exec(name)?.[1])
    .filter((n): n is string => n !== undefined)
    .map(Number)
    .sort((a, b) => a - b)
}

function segmentPath(dir: string, segment: number): string {
  return join(dir, `${String(segment).padStart(20, '0')}.log`)
}
