/**
 * Record ids are UUIDv7 (RFC 9562), made on the client so records can be created offline.
 * The 48-bit millisecond prefix keeps ids of one client roughly time-ordered, which keeps
 * B-tree inserts local; a 12-bit counter in `rand_a` keeps ids made in one millisecond monotonic.
 */
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

let lastMs = -1
let counter = 0

export function uuidv7(now: number = Date.now()): string {
  const bytes = new Uint8Array(16)
  crypto.getRandomValues(bytes)
  if (now <= lastMs) {
    counter++
    if (counter > 0xfff) {
      // Counter exhausted within one millisecond: borrow the next millisecond.
      lastMs++
      counter = 0
    }
    now = lastMs
  } else {
    lastMs = now
    counter = bytes[6]! & 0x07 // start low so the counter has room to grow
  }
  const ms = BigInt(now)
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn)
  bytes[6] = 0x70 | ((counter >> 8) & 0x0f)
  bytes[7] = counter & 0xff
  bytes[8] = 0x80 | (bytes[8]! & 0x3f)
  let s = ''
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) s += '-'
    s += HEX[bytes[i]!]
  }
  return s
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/

export function isUuid(value: string): boolean {
  return UUID_RE.test(value)
}

/** The creation time encoded in a UUIDv7, in milliseconds since the epoch. */
export function uuidv7Time(id: string): number {
  return parseInt(id.slice(0, 8) + id.slice(9, 13), 16)
}
