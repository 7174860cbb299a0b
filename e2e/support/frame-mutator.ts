/**
 * Seeded hostile frames for the sync socket, mutated from captured real traffic.
 *
 * A frame is `varUint type · body` (y-websocket framing; sync bodies are `varUint syncType ·
 * varUint8Array payload`, awareness `varUint8Array payload`). Mutations work at two depths:
 *
 *   payload   the frame stays well formed and only the Yjs update, state vector or awareness
 *             payload inside is damaged (bits flipped, cut, spliced with another, a slice
 *             duplicated, a number rewritten, sent as another message type), so it gets past the
 *             frame parser into Yjs and the awareness guard
 *   frame     the outer bytes are damaged (bits, cuts, lengths, types, trailing bytes, two frames
 *             as one), or replaced by random bytes, an empty frame, a text frame, an oversized one
 *
 * and, interleaved as a hostile client would, what a real client sends: exact replays
 * (duplicates), fresh edits under new Yjs client ids (most fit the record's schema and commit, so
 * the fuzz also runs the accepting path: bindings, group commit, broadcast, compaction; the rest
 * are refused by the schema check), presence, state vectors.
 * The same seed and corpus give the same frames in the same order.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { MESSAGE, SYNC } from '../../shared/protocol/messages'

export interface HostileFrame {
  mutation: string
  bytes: Uint8Array
  /** Send as a WebSocket text frame (the bytes need not be valid UTF-8). */
  text: boolean
}

interface Message {
  type: number
  /** The sync sub-type, for sync messages. */
  sub: number | null
  payload: Uint8Array
}

/** Numbers that sit on the edges of varUint encodings and of what Yjs expects. */
const EDGE_NUMBERS = [0, 1, 2, 7, 63, 64, 127, 128, 255, 256, 16383, 16384, 2 ** 21, 2 ** 28, 2 ** 31 - 1, 2 ** 31, 2 ** 32 - 1, 2 ** 32, 2 ** 40, 2 ** 53 - 1]
const EDGE_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xfe, 0xff]

export class FrameMutator {
  private readonly messages: Message[]
  private readonly table: Array<{ name: string; weight: number; make: () => Omit<HostileFrame, 'mutation'> }>
  private readonly total: number
  private readonly presenceId: number
  private presenceClock = 0

  constructor(private readonly gen: prng.PRNG, private readonly corpus: readonly Uint8Array[], options: { maxFrameBytes: number }) {
    if (corpus.length === 0) throw new Error('an empty corpus')
    this.messages = corpus.map(parseMessage)
    this.presenceId = prng.uint32(gen, 1, 2 ** 31 - 1)
    const bin = (bytes: Uint8Array) => ({ bytes, text: false })
    this.table = [
      // What a real client sends, interleaved as a hostile client would: these mostly keep the
      // socket open, so the damaged frames after them meet a room with state (presence, gaps).
      { name: 'replay', weight: 10, make: () => bin(this.pick()) },
      { name: 'fresh-edit', weight: 3, make: () => bin(this.freshEdit()) },
      { name: 'presence', weight: 6, make: () => bin(this.presence()) },
      { name: 'state-vector', weight: 2, make: () => bin(writeMessage({ type: MESSAGE.SYNC, sub: SYNC.STEP1, payload: this.stateVector() })) },
      { name: 'query-awareness', weight: 1.5, make: () => bin(Uint8Array.of(MESSAGE.QUERY_AWARENESS)) },
      // Damaged payloads in well-formed frames: into Yjs and the awareness guard.
      { name: 'payload-flip-bits', weight: 10, make: () => bin(this.reframe((p) => flipBits(this.gen, p))) },
      { name: 'payload-truncate', weight: 4, make: () => bin(this.reframe((p) => p.slice(0, this.int(0, Math.max(0, p.length - 1))))) },
      { name: 'payload-splice', weight: 6, make: () => bin(this.reframe((p) => this.splice(p, this.pickMessage().payload))) },
      { name: 'payload-duplicate-slice', weight: 4, make: () => bin(this.reframe((p) => this.duplicateSlice(p))) },
      { name: 'payload-rewrite-number', weight: 8, make: () => bin(this.reframe((p) => this.rewriteNumber(p))) },
      { name: 'payload-edge-bytes', weight: 3, make: () => bin(this.reframe((p) => this.edgeBytes(p))) },
      { name: 'payload-as-other-type', weight: 6, make: () => bin(this.retype()) },
      { name: 'payload-concat', weight: 2, make: () => bin(this.reframe((p) => concat(p, this.pickMessage().payload))) },
      { name: 'payload-random', weight: 2, make: () => bin(this.reframe(() => prng.uint8Array(this.gen, this.int(0, 512)))) },
      // Damaged frames: the frame parser and ws.
      { name: 'frame-flip-bits', weight: 4, make: () => bin(flipBits(this.gen, this.pick())) },
      { name: 'frame-truncate', weight: 2, make: () => { const f = this.pick(); return bin(f.slice(0, this.int(0, f.length - 1))) } },
      { name: 'frame-length', weight: 3, make: () => bin(this.wrongLength()) },
      { name: 'frame-type', weight: 2, make: () => bin(this.wrongType()) },
      { name: 'frame-trailing-bytes', weight: 1.5, make: () => bin(concat(this.pick(), prng.uint8Array(this.gen, this.int(1, 16)))) },
      { name: 'frame-two-in-one', weight: 1, make: () => bin(concat(this.pick(), this.pick())) },
      { name: 'random', weight: 2, make: () => bin(prng.uint8Array(this.gen, this.int(0, 1024))) },
      { name: 'empty', weight: 0.3, make: () => bin(new Uint8Array(0)) },
      { name: 'text', weight: 0.7, make: () => ({ bytes: this.bool() ? this.pick() : prng.uint8Array(this.gen, this.int(0, 64)), text: true }) },
      // Rare and big: one byte over the room's frame limit (ws itself allows more).
      { name: 'oversized', weight: 0.003, make: () => bin(this.oversized(options.maxFrameBytes + 1)) },
    ]
    this.total = this.table.reduce((sum, m) => sum + m.weight, 0)
  }

  next(): HostileFrame {
    let roll = prng.real53(this.gen) * this.total
    for (const entry of this.table) {
      roll -= entry.weight
      if (roll < 0) return { mutation: entry.name, ...entry.make() }
    }
    const last = this.table.at(-1)!
    return { mutation: last.name, ...last.make() }
  }

  /** The names of every mutation this mutator makes. */
  get mutations(): string[] {
    return this.table.map((m) => m.name)
  }

  private int(min: number, max: number): number {
    return prng.int32(this.gen, min, max)
  }

  private bool(): boolean {
    return prng.bool(this.gen)
  }

  private pick(): Uint8Array {
    return prng.oneOf(this.gen, this.corpus as Uint8Array[])
  }

  private pickMessage(): Message {
    return prng.oneOf(this.gen, this.messages)
  }

  /** A corpus message with its payload changed, framed correctly as the same type. */
  private reframe(change: (payload: Uint8Array) => Uint8Array): Uint8Array {
    const message = this.pickMessage()
    return writeMessage({ ...message, payload: change(message.payload) })
  }

  /** A payload sent as another message: an update as a state vector, presence as an update, … */
  private retype(): Uint8Array {
    const { payload } = this.pickMessage()
    const targets: Array<Pick<Message, 'type' | 'sub'>> = [
      { type: MESSAGE.SYNC, sub: SYNC.STEP1 }, { type: MESSAGE.SYNC, sub: SYNC.STEP2 }, { type: MESSAGE.SYNC, sub: SYNC.UPDATE },
      { type: MESSAGE.AWARENESS, sub: null },
    ]
    return writeMessage({ ...prng.oneOf(this.gen, targets), payload })
  }

  private splice(a: Uint8Array, b: Uint8Array): Uint8Array {
    return concat(a.slice(0, this.int(0, a.length)), b.slice(this.int(0, b.length)))
  }

  private duplicateSlice(p: Uint8Array): Uint8Array {
    if (p.length === 0) return p
    const start = this.int(0, p.length - 1)
    const end = this.int(start + 1, Math.min(p.length, start + 64))
    return concat(p.slice(0, end), p.slice(start, end), p.slice(end))
  }

  /** Overwrites (or inserts) a varUint at a random place with an edge number: lengths, counts, clocks, ids. */
  private rewriteNumber(p: Uint8Array): Uint8Array {
    const at = this.int(0, p.length)
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, this.bool() ? prng.oneOf(this.gen, EDGE_NUMBERS) : prng.uint32(this.gen, 0, 2 ** 32 - 1))
    const number = encoding.toUint8Array(encoder)
    const skip = this.bool() ? varUintLength(p, at) : 0
    return concat(p.slice(0, at), number, p.slice(at + skip))
  }

  private edgeBytes(p: Uint8Array): Uint8Array {
    const out = p.slice()
    for (let n = this.int(1, 4); n > 0 && out.length > 0; n--) out[this.int(0, out.length - 1)] = prng.oneOf(this.gen, EDGE_BYTES)
    return out
  }

  /** A well-formed frame whose payload length says something other than the bytes that follow. */
  private wrongLength(): Uint8Array {
    const message = this.pickMessage()
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, message.type)
    if (message.sub !== null) encoding.writeVarUint(encoder, message.sub)
    const lie = this.bool() ? prng.oneOf(this.gen, EDGE_NUMBERS) : Math.max(0, message.payload.length + this.int(-8, 8))
    encoding.writeVarUint(encoder, lie)
    encoding.writeUint8Array(encoder, message.payload)
    return encoding.toUint8Array(encoder)
  }

  private wrongType(): Uint8Array {
    const message = this.pickMessage()
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, this.bool() ? this.int(0, 130) : prng.oneOf(this.gen, EDGE_NUMBERS))
    if (this.bool()) encoding.writeVarUint(encoder, this.int(0, 8))
    else if (message.sub !== null) encoding.writeVarUint(encoder, message.sub)
    encoding.writeVarUint8Array(encoder, message.payload)
    return encoding.toUint8Array(encoder)
  }

  /** Valid presence for this mutator's own client id, at the next clock, with a captured or odd state. */
  private presence(): Uint8Array {
    const encoder = encoding.createEncoder()
    encoding.writeVarUint(encoder, 1)
    encoding.writeVarUint(encoder, this.presenceId)
    encoding.writeVarUint(encoder, ++this.presenceClock)
    const states = [null, {}, { cursor: { root: 'notes', index: this.int(0, 100) } }, { field: prng.word(this.gen, 0, 30), user: { name: 'Someone Else' } }]
    encoding.writeVarString(encoder, JSON.stringify(prng.oneOf(this.gen, states)))
    return writeMessage({ type: MESSAGE.AWARENESS, sub: null, payload: encoding.toUint8Array(encoder) })
  }

  /** An empty state vector, or one from the capture. */
  private stateVector(): Uint8Array {
    const captured = this.messages.filter((m) => m.type === MESSAGE.SYNC && m.sub === SYNC.STEP1)
    return this.bool() || captured.length === 0 ? Uint8Array.of(0) : prng.oneOf(this.gen, captured).payload
  }

  /**
   * A well-formed update from a new Yjs client: an email set (valid on accounts and contacts, or a
   * word the schema refuses), text typed (into an account's description or a contact's notes, so
   * accepted on one of them), or a line item added (a nested type, which no record has yet).
   */
  private freshEdit(): Uint8Array {
    const doc = new Y.Doc()
    doc.clientID = prng.uint32(this.gen, 1, 2 ** 31 - 1)
    const n = this.int(0, 1_000_000)
    const roll = this.int(0, 2)
    // Small, so the fuzzed records stay the size of real ones (every frame costs a little per byte).
    if (roll === 0) doc.getMap('fields').set('email', this.bool() ? `fuzz${n % 50}@example.com` : prng.word(this.gen, 0, 12))
    else if (roll === 1) doc.getText(this.bool() ? 'description' : 'notes').insert(0, prng.utf16String(this.gen, 8))
    else doc.getArray('lineItems').insert(0, [new Y.Map([['id', `fuzz-${n}`], ['quantity', n % 10]])])
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    return writeMessage({ type: MESSAGE.SYNC, sub: this.bool() ? SYNC.UPDATE : SYNC.STEP2, payload: update })
  }

  private oversized(bytes: number): Uint8Array {
    const payload = new Uint8Array(bytes)
    payload.set(this.pickMessage().payload.subarray(0, bytes))
    return writeMessage({ type: MESSAGE.SYNC, sub: SYNC.UPDATE, payload })
  }
}

/** Splits a captured frame (trusted: it came from a real session) into type and payload. */
function parseMessage(frame: Uint8Array): Message {
  const decoder = decoding.createDecoder(frame)
  const type = decoding.readVarUint(decoder)
  if (type === MESSAGE.SYNC) {
    const sub = decoding.readVarUint(decoder)
    return { type, sub, payload: decoding.readVarUint8Array(decoder) }
  }
  if (type === MESSAGE.AWARENESS || type === MESSAGE.COMMITTED) {
    return { type, sub: null, payload: decoding.readVarUint8Array(decoder) }
  }
  return { type, sub: null, payload: decoding.readTailAsUint8Array(decoder) }
}

function writeMessage(message: Message): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, message.type)
  if (message.sub !== null) encoding.writeVarUint(encoder, message.sub)
  encoding.writeVarUint8Array(encoder, message.payload)
  return encoding.toUint8Array(encoder)
}

function flipBits(gen: prng.PRNG, bytes: Uint8Array): Uint8Array {
  const out = bytes.slice()
  if (out.length === 0) return out
  for (let n = prng.int32(gen, 1, 4); n > 0; n--) out[prng.int32(gen, 0, out.length - 1)]! ^= 1 << prng.int32(gen, 0, 7)
  return out
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const part of parts) {
    out.set(part, at)
    at += part.length
  }
  return out
}

/** Bytes of the varUint starting at `at` (continuation bits), at least 1 when inside the array. */
function varUintLength(bytes: Uint8Array, at: number): number {
  let n = 0
  while (at + n < bytes.length && n < 8) {
    n++
    if ((bytes[at + n - 1]! & 0x80) === 0) break
  }
  return n
}
