/**
 * Test helper: the setup of tests that drive rooms through MemoryClients. One in-memory storage
 * for the test file (closed after it) and, before each test, fresh services over it with its
 * documents emptied; rooms unload as soon as they are idle and nothing is logged.
 */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import { createLogger } from '../logger'
import { createServices, type Services } from '../services'
import type { Storage } from '../storage/open-storage'
import { clearDocuments, memoryStorage } from './test-server'

export interface RoomTestBed {
  readonly storage: Storage
  /** This test's services (made again before each test). */
  readonly services: Services
}

/** Registers this file's storage and each test's fresh services (vitest hooks); read its fields inside tests. */
export function roomTestBed(): RoomTestBed {
  let storage: Storage | undefined
  let services: Services | undefined

  beforeAll(async () => { storage = await memoryStorage() })
  afterAll(async () => { await storage?.close() })
  beforeEach(async () => {
    await clearDocuments(ready(storage))
    services = createServices({ storage: { ...ready(storage), close: async () => {} }, logger: createLogger('silent'), unloadAfterMs: 0 })
  })

  return {
    get storage() { return ready(storage) },
    get services() { return ready(services) },
  }
}

function ready<T>(value: T | undefined): T {
  if (value === undefined) throw new Error('the room test bed is read before its hooks ran')
  return value
}
