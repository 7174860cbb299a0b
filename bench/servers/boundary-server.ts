/**
 * Our server for the boundary-cost part, as a child process: the same app, rooms, group commit and
 * PGlite storage on disk as `server/main.ts` (through `startTestServer` with a data directory), with
 * the trust boundary's per-message checks on or off: `--checks on|off`. Off exists only for this
 * measurement (`RoomLimits.trustChecks`); nothing in the real server can turn it off.
 *
 * People are made directly in storage (sign-up hashes with scrypt, slow on purpose), `--people N`
 * of them, each a member of the demo workspace with a session. Once listening it prints one line,
 *
 *   BOUNDARY_SERVER {"port": …, "cookies": ["tandem_session=…", …]}
 *
 * and it closes cleanly on SIGTERM, removing its temporary data directory.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startTestServer } from '../../server/testing/test-server'
import { createTestUser } from '../../server/testing/test-users'

const args = process.argv.slice(2)
const checks = valueOf('--checks') ?? 'on'
const people = Number(valueOf('--people') ?? 8)
if (checks !== 'on' && checks !== 'off') throw new Error(`--checks takes on or off, got ${checks}`)

const dataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-boundary-'))
const server = await startTestServer({ dataDir, logLevel: 'warn', unloadAfterMs: 5000, limits: { trustChecks: checks === 'on' } })
const cookies: string[] = []
for (let i = 0; i < people; i++) cookies.push((await createTestUser(server.services, { name: `Bench person ${i}` })).cookie)
process.stdout.write(`BOUNDARY_SERVER ${JSON.stringify({ port: server.port, cookies })}\n`)

process.on('SIGTERM', () => {
  void server.close().finally(() => {
    rmSync(dataDir, { recursive: true, force: true })
    process.exit(0)
  })
})

function valueOf(flag: string): string | undefined {
  const i = args.indexOf(flag)
  return i >= 0 ? args[i + 1] : undefined
}
