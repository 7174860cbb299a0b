import { describe, expect, test } from 'vitest'
import { helloMessage, readLiveMessage, writeLiveMessage, type LiveMessage } from './live'

describe('live channel messages', () => {
  test('every message reads back as written', () => {
    const messages: LiveMessage[] = [helloMessage(), { t: 'poke', docs: ['demo/account/x'] }, { t: 'catalog', seq: 0 }, { t: 'catalog', seq: 123_456 }]
    for (const message of messages) expect(readLiveMessage(writeLiveMessage(message))).toEqual(message)
  })

  test('a catalog message without a whole, non-negative sequence is not one', () => {
    for (const bad of ['{"t":"catalog"}', '{"t":"catalog","seq":"4"}', '{"t":"catalog","seq":-1}', '{"t":"catalog","seq":1.5}', '{"t":"catalog","seq":1e300}']) {
      expect(readLiveMessage(bad), bad).toBeNull()
    }
  })

  test('extra keys are dropped, so what a reader passes on is only the message', () => {
    expect(readLiveMessage('{"t":"catalog","seq":7,"docs":["demo/account/x"]}')).toEqual({ t: 'catalog', seq: 7 })
  })
})
