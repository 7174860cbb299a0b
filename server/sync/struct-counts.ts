/**
 * A bound Yjs does not check. A V1 update is
 *
 *   varUint clients · clients × ( varUint structs · varUint client · varUint clock · structs × struct ) · delete set
 *
 * and Yjs allocates an array of `structs` slots before it reads them (`new Array(structs)` in
 * readClientsStructRefs). An 8-byte update that claims 16 million structs costs 128 MB and about
 * 70 ms of blocked event loop before it fails (found by the fuzz run: the server's RSS jumped by
 * 300 MB). Every struct takes at least a byte, so a block claiming more structs than bytes remain
 * cannot be valid: `structCountsFit` walks the blocks exactly as Yjs reads them, skipping each
 * struct without building it, and says whether every claim fits. Bytes it cannot read are left to
 * `Y.applyUpdate`, which stops at the same place, before any later block.
 */
import * as decoding from 'lib0/decoding'

const BITS5 = 0b0001_1111
const ORIGIN = 0b1000_0000
const RIGHT_ORIGIN = 0b0100_0000
const PARENT_SUB = 0b0010_0000
const CONTENT = { DELETED: 1, JSON: 2, BINARY: 3, STRING: 4, EMBED: 5, FORMAT: 6, TYPE: 7, ANY: 8, DOC: 9 } as const
const GC = 0
const SKIP = 10
/** Type refs that carry a name: YXmlElement and YXmlHook. */
const NAMED_TYPES = new Set([3, 5])

export function structCountsFit(update: Uint8Array): boolean {
  try {
    structSectionEnd(update)
  } catch (error) {
    if (error instanceof StructCountError) return false
    // Otherwise not a readable update: Y.applyUpdate throws at the same place.
  }
  return true
}

export class StructCountError extends Error {}

/**
 * Where the struct blocks end and the delete set begins. Throws `StructCountError` for a block
 * that claims more structs than bytes remain, and whatever lib0 throws for unreadable bytes.
 */
export function structSectionEnd(update: Uint8Array): number {
  const decoder = decoding.createDecoder(update)
  const clients = decoding.readVarUint(decoder)
  for (let c = 0; c < clients; c++) {
    const structs = decoding.readVarUint(decoder)
    if (structs > decoder.arr.length - decoder.pos) throw new StructCountError(`${structs} structs claimed in ${decoder.arr.length - decoder.pos} bytes`)
    decoding.readVarUint(decoder) // client
    decoding.readVarUint(decoder) // clock
    for (let s = 0; s < structs; s++) skipStruct(decoder)
  }
  return decoder.pos
}

/** Reads past one struct as UpdateDecoderV1 would read it. */
function skipStruct(decoder: decoding.Decoder): void {
  const info = decoding.readUint8(decoder)
  const kind = info & BITS5
  if (kind === GC || kind === SKIP) {
    decoding.readVarUint(decoder) // length
    return
  }
  if (info & ORIGIN) skipId(decoder)
  if (info & RIGHT_ORIGIN) skipId(decoder)
  if ((info & (ORIGIN | RIGHT_ORIGIN)) === 0) {
    // No neighbour to copy the parent from: a root type's name, or the id of the parent item.
    if (decoding.readVarUint(decoder) === 1) decoding.readVarString(decoder)
    else skipId(decoder)
    if (info & PARENT_SUB) decoding.readVarString(decoder)
  }
  switch (kind) {
    case CONTENT.DELETED:
      decoding.readVarUint(decoder)
      return
    case CONTENT.JSON:
      for (let n = decoding.readVarUint(decoder); n > 0; n--) decoding.readVarString(decoder)
      return
    case CONTENT.BINARY:
      decoding.readVarUint8Array(decoder)
      return
    case CONTENT.STRING:
    case CONTENT.EMBED:
      decoding.readVarString(decoder)
      return
    case CONTENT.FORMAT:
      decoding.readVarString(decoder)
      decoding.readVarString(decoder)
      return
    case CONTENT.TYPE:
      if (NAMED_TYPES.has(decoding.readVarUint(decoder))) decoding.readVarString(decoder)
      return
    case CONTENT.ANY:
      for (let n = decoding.readVarUint(decoder); n > 0; n--) decoding.readAny(decoder)
      return
    case CONTENT.DOC:
      decoding.readVarString(decoder)
      decoding.readAny(decoder)
      return
    default:
      throw new Error(`no struct content of kind ${kind}`)
  }
}

function skipId(decoder: decoding.Decoder): void {
  decoding.readVarUint(decoder)
  decoding.readVarUint(decoder)
}
