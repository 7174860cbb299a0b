import * as prng from 'lib0/prng'
import * as Y from 'yjs'
import { expect, test } from 'vitest'
import { summarizeTransaction, type ChangeSummary } from '../../shared/doc/change-summary'
import { addToSet, createRecordDoc, insertText, readRecord, removeFromSet, removeKeyedItem, writeFields, writeKeyedItem } from '../../shared/doc/record-doc'
import { recordType } from '../../shared/records'
import { extraRoots } from '../../shared/schema/record-type'
import { createRecordRecorder } from './record-recorder'

const REF = '0199aaaa-0000-7000-8000-00000000000'

/** Seeded edits of every kind of root by two writers, merged into one shadow as the server would. */
function randomRun(seed: number, typeName: string) {
  const type = recordType(typeName)!
  const name = { workspaceId: 'demo', type: typeName, recordId: '0199aaaa-0000-7000-8000-000000000001' }
  const recorder = createRecordRecorder(type, name, `demo/${typeName}/${name.recordId}`)
  const gen = prng.create(seed)
  const writers = [createRecordDoc(1), createRecordDoc(2)]
  const shadow = createRecordDoc()
  let change: ChangeSummary | null = null
  shadow.on('afterTransaction', (tr: Y.Transaction) => { change = summarizeTransaction(tr) })
  recorder.load(shadow)
  const roots = extraRoots(type)
  const fields = Object.entries(type.fields).filter(([, def]) => !['text', 'set', 'items'].includes(def.kind)).map(([key]) => key)
  const checked: Array<[unknown, unknown]> = []
  for (let step = 0; step < 300; step++) {
    const writer = writers[prng.int32(gen, 0, 1)]!
    const before = Y.encodeStateVector(shadow)
    const root = Object.keys(roots)[prng.int32(gen, 0, Object.keys(roots).length - 1)]
    switch (prng.int32(gen, 0, 4)) {
      case 0: writeFields(writer, { [prng.oneOf(gen, fields)]: prng.word(gen, 1, 6) }); break
      case 1: writeFields(writer, { [prng.oneOf(gen, fields)]: undefined }); break
      case 2:
        if (root && roots[root] === 'text') insertText(writer, root, 0, prng.word(gen, 1, 4))
        else if (root && roots[root] === 'set') (prng.bool(gen) ? addToSet : removeFromSet)(writer, root, [`${REF}${prng.int32(gen, 2, 5)}`])
        else if (root) writeKeyedItem(writer, root, `${REF}${prng.int32(gen, 2, 5)}`, { title: prng.word(gen, 1, 5) })
        break
      case 3: if (root && roots[root] === 'items') removeKeyedItem(writer, root, `${REF}${prng.int32(gen, 2, 5)}`); break
      default: break
    }
    // Sometimes a writer lags and catches up later: updates arrive merged and concurrent.
    if (prng.int32(gen, 0, 2) === 0) continue
    change = null
    Y.applyUpdate(shadow, Y.encodeStateAsUpdate(writer, before))
    if (change === null || (change as ChangeSummary).roots.length + (change as ChangeSummary).nestedRoots.length === 0) continue
    const recorded = recorder.accepted(shadow, change, `user:${writer.clientID}`)
    checked.push([recorded.project().data, readRecord(shadow, roots)])
    Y.applyUpdate(writer, Y.encodeStateAsUpdate(shadow, Y.encodeStateVector(writer)))
  }
  return checked
}

test('the record keeper reads again only what an update changed and ends with what a full read gives, for seeded random edits of every kind of root', () => {
  for (const [typeName, seed] of [['account', 1], ['account', 2], ['activity', 3], ['account-plan', 4]] as const) {
    const checked = randomRun(seed, typeName)
    expect(checked.length, `seed ${seed}`).toBeGreaterThan(50)
    for (const [incremental, full] of checked) expect(incremental, `seed ${seed} (${typeName})`).toEqual(full)
  }
})
