/**
 * The batched catch-up exchange: many documents in one HTTP request, instead of a socket each.
 *
 *   POST /api/sync/<workspaceId>/catch-up   (body and answer: application/octet-stream)
 *
 * Request:  varUint version · varUint n · n × ( varString docName · varUint8Array stateVector
 *                                               · varUint8Array update )
 * Response: varUint version · varUint n · n × ( varString docName · varUint status · body )
 *
 * For each document the client sends its state vector and, when it has local changes the server
 * has not committed, an update holding them (empty when it has none). The server runs the update
 * through the same checks and commit as a socket update, then answers with what the client lacks.
 *
 *   status 0 ok       varUint8Array missing (the server's update against the client's state vector)
 *                     · varUint8Array committed (as in `committed.ts`: the durable snapshot)
 *   status 1 refused  varString code · varString message · varUint8Array missing · varUint8Array committed
 *   status 2 denied   varString code (unknown or not readable: the two are indistinguishable)
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { PROTOCOL_VERSION } from './version'

export interface CatchUpRequestDoc {
  name: string
  stateVector: Uint8Array
  update: Uint8Array
}

export type CatchUpResponseDoc =
  | { name: string; status: 'ok'; missing: Uint8Array; committed: Uint8Array }
  | { name: string; status: 'refused'; code: string; message: string; missing: Uint8Array; committed: Uint8Array }
  | { name: string; status: 'denied'; code: string }

const STATUS = { ok: 0, refused: 1, denied: 2 } as const

export class CatchUpFormatError extends Error {}

export function writeCatchUpRequest(docs: CatchUpRequestDoc[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, PROTOCOL_VERSION)
  encoding.writeVarUint(encoder, docs.length)
  for (const doc of docs) {
    encoding.writeVarString(encoder, doc.name)
    encoding.writeVarUint8Array(encoder, doc.stateVector)
    encoding.writeVarUint8Array(encoder, doc.update)
  }
  return encoding.toUint8Array(encoder)
}

/** Parses a request; throws `CatchUpFormatError` on a bad version, count or truncation. */
export function readCatchUpRequest(bytes: Uint8Array, maxDocs: number): CatchUpRequestDoc[] {
  return parse(bytes, (decoder) => {
    const count = decoding.readVarUint(decoder)
    if (count > maxDocs) throw new CatchUpFormatError(`at most ${maxDocs} documents per catch-up, got ${count}`)
    const docs: CatchUpRequestDoc[] = []
    for (let i = 0; i < count; i++) {
      docs.push({
        name: decoding.readVarString(decoder),
        stateVector: decoding.readVarUint8Array(decoder),
        update: decoding.readVarUint8Array(decoder),
      })
    }
    return docs
  })
}

export function writeCatchUpResponse(docs: CatchUpResponseDoc[]): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, PROTOCOL_VERSION)
  encoding.writeVarUint(encoder, docs.length)
  for (const doc of docs) {
    encoding.writeVarString(encoder, doc.name)
    encoding.writeVarUint(encoder, STATUS[doc.status])
    switch (doc.status) {
      case 'ok':
        encoding.writeVarUint8Array(encoder, doc.missing)
        encoding.writeVarUint8Array(encoder, doc.committed)
        break
      case 'refused':
        encoding.writeVarString(encoder, doc.code)
        encoding.writeVarString(encoder, doc.message)
        encoding.writeVarUint8Array(encoder, doc.missing)
        encoding.writeVarUint8Array(encoder, doc.committed)
        break
      case 'denied':
        encoding.writeVarString(encoder, doc.code)
        break
    }
  }
  return encoding.toUint8Array(encoder)
}

export function readCatchUpResponse(bytes: Uint8Array): CatchUpResponseDoc[] {
  return parse(bytes, (decoder) => {
    const count = decoding.readVarUint(decoder)
    const docs: CatchUpResponseDoc[] = []
    for (let i = 0; i < count; i++) {
      const name = decoding.readVarString(decoder)
      const status = decoding.readVarUint(decoder)
      switch (status) {
        case STATUS.ok:
          docs.push({ name, status: 'ok', missing: decoding.readVarUint8Array(decoder), committed: decoding.readVarUint8Array(decoder) })
          break
        case STATUS.refused:
          docs.push({
            name, status: 'refused', code: decoding.readVarString(decoder), message: decoding.readVarString(decoder),
            missing: decoding.readVarUint8Array(decoder), committed: decoding.readVarUint8Array(decoder),
          })
          break
        case STATUS.denied:
          docs.push({ name, status: 'denied', code: decoding.readVarString(decoder) })
          break
        default:
          throw new CatchUpFormatError(`unknown catch-up status ${status}`)
      }
    }
    return docs
  })
}

function parse<T>(bytes: Uint8Array, read: (decoder: decoding.Decoder) => T): T {
  const decoder = decoding.createDecoder(bytes)
  let result: T
  try {
    const version = decoding.readVarUint(decoder)
    if (version !== PROTOCOL_VERSION) throw new CatchUpFormatError(`catch-up protocol version ${version}, this side speaks ${PROTOCOL_VERSION}`)
    result = read(decoder)
  } catch (error) {
    if (error instanceof CatchUpFormatError) throw error
    throw new CatchUpFormatError(`truncated or malformed catch-up message: ${(error as Error).message}`)
  }
  if (decoding.hasContent(decoder)) throw new CatchUpFormatError('trailing bytes after the catch-up message')
  return result
}
