/**
 * Acceptance 9 (issue 2): a fresh start. `npm start` (scripts/start.mjs, which builds the client
 * when it is missing or stale) on an empty DATA_DIR serves health, metrics and the app page, the
 * page renders in headless Chromium without errors, sync works against the demo workspace it
 * created, and Ctrl-C stops it cleanly. Issue 3: listening on loopback, it prints the demo
 * account's credentials (those the README shows), and the clients sign in with them.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { insertText, writeFields } from '../shared/doc/record-doc'
import { uuidv7 } from '../shared/ids'
import { demoCredentials, signIn, type Person } from './support/accounts'
import { launchChromium, watchPageProblems } from './support/chromium'
import { killServerProcesses, REPO_ROOT, startServerProcess, wsUrlOf, type ServerProcess } from './support/server-process'
import { tandemClient, type TandemClient } from './support/sync-client'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

let server: ServerProcess
let url: string
let dataDir: string
/** Signed in with the credentials the server printed at start. */
let demo: Person
let browser: Browser | null = null
const clients: TandemClient[] = []

beforeAll(async () => {
  dataDir = join(makeTempDir('fresh'), 'data') // does not exist yet: the server creates it
  server = startServerProcess({ entry: 'npm-start', dataDir })
  url = await server.ready(240_000) // a first build of the client can take a while
  const { email, password } = await demoCredentials(server)
  demo = await signIn(url, email, password)
}, 300_000)

afterAll(async () => {
  for (const c of clients.splice(0)) c.destroy()
  await browser?.close()
  await killServerProcesses()
  removeTempDirs()
})

/** Prometheus text: the value of one sample, by its name and labels as printed. */
function sample(metrics: string, series: string): number | undefined {
  const line = metrics.split('\n').find((l) => l.startsWith(`${series} `))
  return line === undefined ? undefined : Number(line.slice(series.length + 1))
}

describe('a fresh start with npm start', () => {
  test('prints the demo account\'s email and password at start, the ones the README shows, and they sign in as the owner of the demo workspace', async () => {
    const { email, password } = await demoCredentials(server)
    expect({ email, password }).toEqual({ email: 'demo@tandem.test', password: 'tandem-demo' })
    const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
    expect(readme).toContain(email)
    expect(readme).toContain(password)

    const me = await fetch(`${url}/api/auth/me`, { headers: { cookie: demo.cookie } })
    expect(me.status).toBe(200)
    expect(await me.json()).toMatchObject({ user: { email }, workspaces: [{ id: 'demo', role: 'owner' }] })
  })

  test('GET /healthz answers 200 JSON with the storage kind, loaded documents and connections, which follow a client that connects', async () => {
    // The demo workspace's records are seeded through their rooms at start; those unload once idle.
    const loaded = async () => ((await (await fetch(`${url}/healthz`)).json()) as { documentsLoaded: number }).documentsLoaded
    await waitFor(async () => (await loaded()) === 0, 'the rooms of the start-up seed to unload', { timeoutMs: 30_000, intervalMs: 100 })
    const before = await fetch(`${url}/healthz`)
    expect(before.status).toBe(200)
    expect(before.headers.get('content-type')).toMatch(/^application\/json/)
    expect(await before.json()).toMatchObject({ status: 'ok', storage: 'pglite', documentsLoaded: 0, connections: 0 })

    // The demo workspace exists on first start: a record document in it syncs.
    const client = tandemClient(wsUrlOf(url), demo, `demo/account/${uuidv7()}`)
    clients.push(client)
    await client.whenSynced()
    const during = await (await fetch(`${url}/healthz`)).json() as { documentsLoaded: number; connections: number }
    expect(during).toMatchObject({ documentsLoaded: 1, connections: 1 })
  })

  test('GET /metrics answers Prometheus text with connections, loaded documents, updates committed and refused, commit latency and event-loop delay', async () => {
    const client = tandemClient(wsUrlOf(url), demo, `demo/contact/${uuidv7()}`)
    clients.push(client)
    await client.whenSynced()
    writeFields(client.doc, { firstName: 'Grace', lastName: 'Hopper' })
    insertText(client.doc, 'notes', 0, 'Prefers email.')
    await waitFor(() => client.allCommitted(), 'the edits to be committed')

    const response = await fetch(`${url}/metrics`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/)
    const text = await response.text()
    for (const [name, type] of [
      ['tandem_connections', 'gauge'],
      ['tandem_documents_loaded', 'gauge'],
      ['tandem_updates_committed_total', 'counter'],
      ['tandem_updates_refused_total', 'counter'],
      ['tandem_commit_latency_seconds', 'histogram'],
      ['tandem_event_loop_delay_seconds', 'gauge'],
    ] as const) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`)
      expect(text).toMatch(new RegExp(`^# HELP ${name} \\S`, 'm'))
    }
    expect(sample(text, 'tandem_connections')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'tandem_documents_loaded')).toBeGreaterThanOrEqual(1)
    expect(sample(text, 'tandem_updates_committed_total')).toBeGreaterThanOrEqual(2)
    expect(sample(text, 'tandem_updates_refused_total')).toBe(0)
    expect(sample(text, 'tandem_commit_latency_seconds_count')).toBeGreaterThanOrEqual(2)
    expect(sample(text, 'tandem_commit_latency_seconds_bucket{le="+Inf"}')).toBe(sample(text, 'tandem_commit_latency_seconds_count'))
    expect(sample(text, 'tandem_event_loop_delay_seconds{quantile="0.99"}')).toBeGreaterThanOrEqual(0)
    // Every sample line is `name{labels} number`.
    for (const line of text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))) {
      expect(line).toMatch(/^[a-z_:][a-z0-9_:]*(\{[^}]*\})? -?[0-9.e+-]+$|^[a-z_:][a-z0-9_:]*(\{[^}]*\})? (\+Inf|NaN)$/i)
    }
  })

  test('GET / serves the app page, and it renders in headless Chromium, signed in as the demo user, without console errors or failed requests', async () => {
    const response = await fetch(url)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^text\/html/)
    expect(await response.text()).toContain('<div id="root">')

    browser = await launchChromium()
    // The browser carries the demo user's session, as after signing in on the sign-in page.
    const context = await browser.newContext()
    const [name, value] = demo.cookie.split('=') as [string, string] // a base64url session id has no '='
    await context.addCookies([{ name, value, url, httpOnly: true, sameSite: 'Lax' }])
    const page = await context.newPage()
    const problems = watchPageProblems(page)
    const whoAmI = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/me')
    await page.goto(url, { waitUntil: 'load' })
    expect((await whoAmI).status()).toBe(200)
    // Rendered means the app's script ran and put visible content into the root element; what it
    // shows is the app's business (other tests), so this asserts no particular screen.
    await page.locator('#root > *').first().waitFor({ state: 'visible' })
    expect(await page.title()).toMatch(/Tandem/)
    expect((await page.locator('#root').innerText()).trim()).not.toBe('')
    await page.waitForLoadState('networkidle')
    expect(problems.list).toEqual([])
    await context.close()
  })

  test('Ctrl-C (SIGINT to the process group) stops npm start cleanly: exit code 0 and the data directory unlocked', async () => {
    for (const c of clients.splice(0)) c.destroy()
    expect(existsSync(join(dataDir, 'tandem.lock'))).toBe(true)
    const exit = await server.interrupt()
    expect(exit).toEqual({ code: 0, signal: null })
    expect(existsSync(join(dataDir, 'tandem.lock'))).toBe(false)
  })
})
