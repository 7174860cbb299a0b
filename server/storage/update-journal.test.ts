import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { decodeJournalBatch, encodeJournalBatch, encodeJournalFrame } from './journal-codec'
import { FRAME_HEADER_BYTES, readSegments, UpdateJournal } from './update-journal'

const bytes = (...values: number[]) => new Uint8Array(values)

test('frames written in parts read back whole, segment by segment, and rotation starts a new segment', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-file-'))
  const journal = UpdateJournal.open(dir, 0)
  expect(journal.segment).toBe(1)
  journal.append([bytes(1, 2), bytes(3)])
  expect(journal.rotate()).toBe(1)
  journal.append([bytes(4)])
  journal.close()
  expect(readSegments(dir, 0)).toEqual([
    { segment: 1, frames: [bytes(1, 2, 3)] },
    { segment: 2, frames: [bytes(4)] },
  ])
  expect(readSegments(dir, 1).map((s) => s.segment)).toEqual([2])
})

test('a frame whose checksum does not match ends its segment, and the frames before it count', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-file-'))
  const journal = UpdateJournal.open(dir, 0)
  journal.append([bytes(1, 1, 1)])
  journal.append([bytes(2, 2, 2)])
  journal.append([bytes(3, 3, 3)])
  journal.close()
  const [name] = readdirSync(dir)
  const file = new Uint8Array(readFileSync(join(dir, name!)))
  file[11 + 8] = file[11 + 8]! ^ 0xff // the second frame's payload (each frame: 8 header bytes + 3)
  writeFileSync(join(dir, name!), file)
  expect(readSegments(dir, 0)).toEqual([{ segment: 1, frames: [bytes(1, 1, 1)], tornAt: 11 }])
})

test('a journal opened again appends after every segment it finds and after the one the database has', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-file-'))
  UpdateJournal.open(dir, 0).close()
  expect(UpdateJournal.open(dir, 0).segment).toBe(2)
  expect(UpdateJournal.open(dir, 9).segment).toBe(10)
  const journal = UpdateJournal.open(dir, 0)
  journal.discardThrough(10)
  expect(readdirSync(dir)).toEqual([`${'11'.padStart(20, '0')}.log`])
})

test('a frame whose first part leaves room for its header reads back as the same payload as one appended in parts', () => {
  const dir = mkdtempSync(join(tmpdir(), 'journal-file-'))
  const journal = UpdateJournal.open(dir, 0)
  journal.append([bytes(1, 2), bytes(3)])
  journal.appendFrame([bytes(9, 9, 9, 9, 9, 9, 9, 9, 1, 2), bytes(3)])
  journal.close()
  expect(readSegments(dir, 0)).toEqual([{ segment: 1, frames: [bytes(1, 2, 3), bytes(1, 2, 3)] }])
})

test('the commit path\'s frames decode as the batch encoding does, so journals written before it replay the same', () => {
  const rows = [
    { doc: 'record:w1:r1', update: bytes(1, 2, 3), actor: 'user:a', clientId: 7, bindClients: [7], claimOwner: true },
    {
      doc: 'record:w1:r1', update: bytes(4), actor: 'user:ä', clientId: null,
      record: {
        project: () => { throw new Error('not kept in the journal') },
        history: [{ id: 'h1', doc: 'record:w1:r1', workspaceId: 'w1', recordId: 'r1', field: 'name', old: null, new: 'Zoë', actor: 'user:ä', at: 1, kind: 'edit' as const }],
        linksChanged: false, searchChanged: true,
      },
    },
  ]
  const dir = mkdtempSync(join(tmpdir(), 'journal-file-'))
  const journal = UpdateJournal.open(dir, 0)
  journal.append(encodeJournalBatch(rows))
  journal.appendFrame(encodeJournalFrame(rows, FRAME_HEADER_BYTES))
  journal.close()
  const [segment] = readSegments(dir, 0)
  const [old, framed] = segment!.frames
  expect(framed).toEqual(old)
  expect(decodeJournalBatch(framed!).map((u) => [u.doc, u.actor, Array.from(u.update), u.record?.history[0]?.new])).toEqual([
    ['record:w1:r1', 'user:a', [1, 2, 3], undefined],
    ['record:w1:r1', 'user:ä', [4], 'Zoë'],
  ])
})
