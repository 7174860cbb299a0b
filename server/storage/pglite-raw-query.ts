/**
 * Runs a simple-protocol query on PGlite without its result parsing: the group-commit inserts
 * return nothing worth reading, and skipping PGlite's JavaScript message layer saves about a third
 * of the CPU each commit costs. The wire format is PostgreSQL's: `Q` · int32 length · query · NUL;
 * the answer is a run of messages, each type byte · int32 length · body, and an `E` message is an
 * error whose `M` field is its text.
 */
import type { PGlite } from '@electric-sql/pglite'

const encoder = new TextEncoder()
const decoder = new TextDecoder()

export function simpleQueryMessage(sql: string): Uint8Array {
  const text = encoder.encode(sql)
  const message = new Uint8Array(1 + 4 + text.length + 1)
  const view = new DataView(message.buffer)
  message[0] = 0x51 // 'Q'
  view.setInt32(1, 4 + text.length + 1)
  message.set(text, 5)
  return message
}

/** The first error in a run of backend messages, or null. */
export function errorIn(response: Uint8Array): string | null {
  const view = new DataView(response.buffer, response.byteOffset, response.byteLength)
  let at = 0
  while (at + 5 <= response.length) {
    const type = response[at]!
    const length = view.getInt32(at + 1)
    if (length < 4) return 'malformed answer from PGlite'
    if (type === 0x45 /* 'E' */) {
      let field = at + 5
      const end = at + 1 + length
      let message = 'unknown database error'
      while (field < end && response[field] !== 0) {
        const code = response[field]!
        const stop = response.indexOf(0, field + 1)
        if (stop < 0 || stop > end) break
        if (code === 0x4d /* 'M' */) message = decoder.decode(response.subarray(field + 1, stop))
        field = stop + 1
      }
      return message
    }
    at += 1 + length
  }
  return null
}

export async function execRaw(db: PGlite, sql: string): Promise<void> {
  const response = await db.execProtocolRaw(simpleQueryMessage(sql))
  const error = errorIn(response)
  if (error) throw new Error(error)
}
