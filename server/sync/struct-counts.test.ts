import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as prng from 'lib0/prng'
import { expect, test } from 'vitest'
import * as Y from 'yjs'
import { structCountsFit, structSectionEnd } from './struct-counts'

/** Seeded edits that produce every kind of struct content Yjs writes today. */
function randomUpdates(seed: number, gc: boolean): Uint8Array[] {
  const gen = prng.create(seed)
  const doc = new Y.Doc({ gc })
  doc.clientID = prng.uint32(gen, 1, 2 ** 31 - 1)
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  const fields = doc.getMap('fields')
  const text = doc.getText('notes')
  const items = doc.getArray('lineItems')
  const xml = doc.getXmlFragment('body')
  for (let i = 0; i < 30; i++) {
    const roll = prng.int32(gen, 0, 11)
    if (roll === 0) fields.set(prng.word(gen, 1, 8), prng.oneOf(gen, ['a', 7, 1.5, true, null, { nested: [1, 'x'] }, [1, 2]]))
    else if (roll === 1) fields.set('bytes', prng.uint8Array(gen, prng.int32(gen, 0, 20)))
    else if (roll === 2) fields.set(`map${i}`, new Y.Map([['k', i]]))
    else if (roll === 3) text.insert(prng.int32(gen, 0, text.length), prng.utf16String(gen, 12), prng.bool(gen) ? { bold: true } : undefined)
    else if (roll === 4 && text.length > 2) text.delete(prng.int32(gen, 0, text.length - 2), 2)
    else if (roll === 5) text.insertEmbed(prng.int32(gen, 0, text.length), { image: 'x.png' })
    else if (roll === 6 && text.length > 1) text.format(0, 1, { italic: true })
    else if (roll === 7) items.insert(0, [prng.int32(gen, 0, 99), 'item', new Y.Array()])
    else if (roll === 8 && items.length > 0) items.delete(0, 1)
    else if (roll === 9) xml.insert(0, [new Y.XmlElement('p'), new Y.XmlText('hello'), new Y.XmlHook('mention') as unknown as Y.XmlText])
    else if (roll === 10) fields.set('sub', new Y.Doc())
    else fields.delete(prng.word(gen, 1, 8))
  }
  const full = Y.encodeStateAsUpdate(doc)
  // Skip structs: what merging non-adjacent updates writes.
  const gapped = updates.length > 3 ? Y.mergeUpdates([updates[0]!, updates[2]!]) : full
  doc.destroy()
  return [...updates, full, gapped]
}

/** The delete set after the struct blocks, read as Yjs writes it in V1. */
function readDeleteSet(update: Uint8Array, at: number): Map<number, Array<[number, number]>> {
  const decoder = decoding.createDecoder(update)
  decoder.pos = at
  const ds = new Map<number, Array<[number, number]>>()
  for (let clients = decoding.readVarUint(decoder); clients > 0; clients--) {
    const client = decoding.readVarUint(decoder)
    const ranges: Array<[number, number]> = []
    for (let n = decoding.readVarUint(decoder); n > 0; n--) ranges.push([decoding.readVarUint(decoder), decoding.readVarUint(decoder)])
    ds.set(client, ranges)
  }
  expect(decoding.hasContent(decoder)).toBe(false)
  return ds
}

test('the walk ends exactly where the delete set begins, for updates with every kind of content (seeds 1–150)', () => {
  for (let seed = 1; seed <= 150; seed++) {
    for (const update of randomUpdates(seed, seed % 2 === 0)) {
      const end = structSectionEnd(update)
      const yjs = new Map<number, Array<[number, number]>>()
      Y.decodeUpdate(update).ds.clients.forEach((items, client) => yjs.set(client, items.map((i) => [i.clock, i.len])))
      expect(readDeleteSet(update, end), `seed ${seed}`).toEqual(yjs)
      expect(structCountsFit(update)).toBe(true)
    }
  }
})

function claim(blocks: Array<{ structs: number; valid?: Uint8Array }>): Uint8Array {
  const encoder = encoding.createEncoder()
  encoding.writeVarUint(encoder, blocks.length)
  for (const block of blocks) {
    if (block.valid) {
      encoding.writeUint8Array(encoder, block.valid)
      continue
    }
    encoding.writeVarUint(encoder, block.structs)
    encoding.writeVarUint(encoder, 4242) // client
    encoding.writeVarUint(encoder, 0) // clock
  }
  return encoding.toUint8Array(encoder)
}

test('an update that claims millions of structs in a few bytes does not fit, in its first block or after a valid one', () => {
  expect(structCountsFit(claim([{ structs: 2 ** 24 }]))).toBe(false)
  // A valid first block (one string item in a root text), then the claim.
  const doc = new Y.Doc()
  doc.clientID = 7
  doc.getText('notes').insert(0, 'hi')
  const valid = Y.encodeStateAsUpdate(doc)
  const firstBlock = valid.subarray(1, structSectionEnd(valid)) // without the client count and the delete set
  expect(structCountsFit(claim([{ structs: 0, valid: firstBlock }, { structs: 2 ** 24 }]))).toBe(false)
  expect(structCountsFit(valid)).toBe(true)
})

test('bytes that are not an update are left to Yjs to refuse', () => {
  expect(structCountsFit(Uint8Array.of())).toBe(true)
  expect(structCountsFit(Uint8Array.of(1, 1, 5))).toBe(true) // one struct claimed, then the bytes end
  expect(() => Y.applyUpdate(new Y.Doc(), Uint8Array.of(1, 1, 5))).toThrow()
})
