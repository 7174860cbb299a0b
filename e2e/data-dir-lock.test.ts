/**
 * Acceptance 6 (issue 2), DESIGN.md §5: one live server process per data directory. A second one
 * on the same DATA_DIR refuses to start with a message naming the directory and the holder, the
 * first keeps serving its data, and after the first is killed (its lock file left behind) a new
 * process takes the directory over with the data intact.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, test } from 'vitest'
import { readFields, writeFields } from '../shared/doc/record-doc'
import { uuidv7 } from '../shared/ids'
import { demoCredentials, signIn, type Person } from './support/accounts'
import { killServerProcesses, startServerProcess, wsUrlOf } from './support/server-process'
import { stockClient, tandemClient, type SyncClient } from './support/sync-client'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

const clients: SyncClient[] = []

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await killServerProcesses()
  removeTempDirs()
})

async function readRecord(baseUrl: string, as: Person, docName: string): Promise<Record<string, unknown>> {
  const probe = stockClient(baseUrl, as, docName)
  clients.push(probe)
  try {
    await probe.whenSynced()
    return readFields(probe.doc)
  } finally {
    probe.destroy()
  }
}

async function writeCommitted(baseUrl: string, as: Person, docName: string, patch: Record<string, string>): Promise<void> {
  const writer = tandemClient(baseUrl, as, docName)
  clients.push(writer)
  try {
    await writer.whenSynced()
    writeFields(writer.doc, patch)
    await waitFor(() => writer.allCommitted(), 'the server to report the edit committed')
  } finally {
    writer.destroy()
  }
}

describe('the data directory lock', () => {
  test('a second live server on the same DATA_DIR exits non-zero naming the directory and the holder, the first keeps serving its data, and after a SIGKILL a new server takes the directory over with the data', async () => {
    const dataDir = makeTempDir('lock')
    const docName = `demo/account/${uuidv7()}`

    const first = startServerProcess({ dataDir })
    const firstUrl = await first.ready()
    // Signed in once as the demo user; the session is stored in the data directory with the rest.
    const { email, password } = await demoCredentials(first)
    const demo = await signIn(firstUrl, email, password)
    await writeCommitted(wsUrlOf(firstUrl), demo, docName, { name: 'Acme', industry: 'before the second server' })

    const second = startServerProcess({ dataDir })
    const exit = await second.exited
    expect(exit.signal).toBeNull()
    expect(exit.code).not.toBe(0)
    expect(second.stdout).not.toContain('Tandem is running')
    expect(second.stderr).toContain(dataDir)
    expect(second.stderr).toContain(`pid ${first.pid}`)
    expect(second.stderr).toMatch(/in use by another Tandem server/)

    // The first server is untouched: it answers, keeps its data and keeps taking edits.
    expect(first.hasExited).toBe(false)
    const health = await fetch(`${firstUrl}/healthz`)
    expect(health.status).toBe(200)
    expect(await readRecord(wsUrlOf(firstUrl), demo, docName)).toEqual({ name: 'Acme', industry: 'before the second server' })
    await writeCommitted(wsUrlOf(firstUrl), demo, docName, { industry: 'after the second server' })
    expect(JSON.parse(readFileSync(join(dataDir, 'tandem.lock'), 'utf8'))).toMatchObject({ pid: first.pid })

    // A crash leaves the lock file behind; its holder is dead, so the next server takes over.
    await first.kill('SIGKILL')
    expect(JSON.parse(readFileSync(join(dataDir, 'tandem.lock'), 'utf8'))).toMatchObject({ pid: first.pid })
    const third = startServerProcess({ dataDir })
    const thirdUrl = await third.ready()
    expect(JSON.parse(readFileSync(join(dataDir, 'tandem.lock'), 'utf8'))).toMatchObject({ pid: third.pid })
    expect(await readRecord(wsUrlOf(thirdUrl), demo, docName)).toEqual({ name: 'Acme', industry: 'after the second server' })

    // And a clean stop releases the lock.
    const stopped = await third.stop()
    expect(stopped.code).toBe(0)
    expect(() => readFileSync(join(dataDir, 'tandem.lock'))).toThrow()
  })
})
