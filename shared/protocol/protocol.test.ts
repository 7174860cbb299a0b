import * as decoding from 'lib0/decoding'
import { describe, expect, test } from 'vitest'
import { readCatchUpRequest, readCatchUpResponse, writeCatchUpRequest, writeCatchUpResponse, CatchUpFormatError } from './catch-up'
import { readCommitted, writeCommitted } from './committed'
import { readLiveMessage, writeLiveMessage } from './live'
import { FrameError, MESSAGE, readClientFrame, writeAwareness, writeQueryAwareness, writeSyncStep1, writeSyncStep2, writeSyncUpdate } from './messages'
import { readRefused, updateId, writeRefused } from './refused'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('client frames', () => {
  test('every sync and awareness message written is read back as the same message', () => {
    expect(readClientFrame(writeSyncStep1(bytes(1, 2)))).toEqual({ type: 'sync-step1', stateVector: bytes(1, 2) })
    expect(readClientFrame(writeSyncStep2(bytes(3)))).toEqual({ type: 'sync-step2', update: bytes(3) })
    expect(readClientFrame(writeSyncUpdate(bytes(4)))).toEqual({ type: 'sync-update', update: bytes(4) })
    expect(readClientFrame(writeAwareness(bytes(5)))).toEqual({ type: 'awareness', update: bytes(5) })
    expect(readClientFrame(writeQueryAwareness())).toEqual({ type: 'query-awareness' })
  })

  test('empty, truncated, unknown and trailing-byte frames are frame errors', () => {
    for (const frame of [bytes(), bytes(0), bytes(9), bytes(0, 7), bytes(0, 2, 5, 1), bytes(1), bytes(3, 0), bytes(0, 0, 0, 0), bytes(2, 0)]) {
      expect(() => readClientFrame(frame), `[${frame.join(',')}]`).toThrow(FrameError)
    }
  })
})

describe('extension messages', () => {
  test('committed carries a snapshot through unchanged', () => {
    const frame = writeCommitted(bytes(7, 8, 9))
    const decoder = decoding.createDecoder(frame)
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE.COMMITTED)
    expect(readCommitted(decoder)).toEqual(bytes(7, 8, 9))
  })

  test('refused carries the code, message, update id and details', () => {
    const refusal = { code: 'CHECK_FAILED', message: 'name is too long', updateId: updateId(bytes(1, 2, 3)), details: { fields: ['name'] } }
    const decoder = decoding.createDecoder(writeRefused(refusal))
    expect(decoding.readVarUint(decoder)).toBe(MESSAGE.REFUSED)
    expect(readRefused(decoder)).toEqual(refusal)
  })

  test('update ids differ for different bytes and are stable for the same bytes', () => {
    expect(updateId(bytes(1, 2, 3))).toBe(updateId(bytes(1, 2, 3)))
    expect(updateId(bytes(1, 2, 3))).not.toBe(updateId(bytes(1, 2, 4)))
  })
})

describe('catch-up exchange', () => {
  test('a request round-trips', () => {
    const docs = [{ name: 'demo/account/x', stateVector: bytes(0), update: bytes() }, { name: 'demo/contact/y', stateVector: bytes(1, 1, 1), update: bytes(9, 9) }]
    expect(readCatchUpRequest(writeCatchUpRequest(docs), 10)).toEqual(docs)
  })

  test('a response with every status round-trips', () => {
    const docs = [
      { name: 'a', status: 'ok' as const, missing: bytes(1), committed: bytes(2) },
      { name: 'b', status: 'refused' as const, code: 'CHECK_FAILED', message: 'no', missing: bytes(), committed: bytes(3) },
      { name: 'c', status: 'denied' as const, code: 'NOT_FOUND' },
    ]
    expect(readCatchUpResponse(writeCatchUpResponse(docs))).toEqual(docs)
  })

  test('too many documents, a wrong version, truncation and trailing bytes are refused', () => {
    const request = writeCatchUpRequest([{ name: 'a', stateVector: bytes(0), update: bytes() }, { name: 'b', stateVector: bytes(0), update: bytes() }])
    expect(() => readCatchUpRequest(request, 1)).toThrow(/at most 1/)
    expect(() => readCatchUpRequest(Uint8Array.of(99, 0), 10)).toThrow(/version 99/)
    expect(() => readCatchUpRequest(request.subarray(0, request.length - 2), 10)).toThrow(CatchUpFormatError)
    expect(() => readCatchUpRequest(Uint8Array.from([...request, 0]), 10)).toThrow(/trailing/)
  })
})

describe('live channel', () => {
  test('pokes round-trip and anything else reads as null', () => {
    expect(readLiveMessage(writeLiveMessage({ t: 'poke', docs: ['demo/account/x'] }))).toEqual({ t: 'poke', docs: ['demo/account/x'] })
    for (const bad of ['', '{', '[]', 'null', '{"t":"poke","docs":[1]}', '{"t":"other"}']) expect(readLiveMessage(bad)).toBeNull()
  })
})
