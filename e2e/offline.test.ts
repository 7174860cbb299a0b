/**
 * Issue 5, acceptance 2, 3 and 4: real offline work. The colleague's browser reaches the server
 * only through a TCP proxy (support/tcp-proxy.ts) that carries HTTP and WebSocket alike; cutting
 * it destroys every connection and refuses new ones, so sockets, fetches and the service worker's
 * requests all fail, as with a pulled cable. The owner's browser talks to the server directly.
 *
 *   2  offline, the colleague edits the phone and adds a contact while the owner edits the
 *      website; back online, both pages show all three, and so does a reload. The proxy forwarded
 *      nothing meanwhile, and the server's history dates the colleague's edit after the reconnect.
 *   3  offline changes survive closing the page and reopening the app with the network still cut
 *      (the service worker serves the shell, the app opens as the last user); a record listed
 *      earlier (fetched in the background) opens and is edited offline; then the changes merge.
 *   4  the server is killed and started again (same data directory and port) while both edit;
 *      both keep working and nothing is lost.
 *
 * And the service worker: its cache holds the shell (never an API answer), and a new build takes
 * over at the next load and is the one that opens offline afterwards. Offline changes also survive
 * closing the whole browser (a profile on disk) and starting it again with the network cut.
 *
 * Screenshots of the offline states go to e2e/screenshots/. The client is built into a temporary
 * directory, so the shared dist/ is left alone.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer, type AddressInfo } from 'node:net'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_ACCOUNT_FIELDS, DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../shared/demo'
import { uuidv7 } from '../shared/ids'
import { ownerAndColleague, type Person } from './support/accounts'
import { CHROMIUM_PATH, launchChromium, signedInContext, watchPageProblems, type PageProblems } from './support/chromium'
import { buildClient } from './support/client-build'
import { killServerProcesses, REPO_ROOT, startServerProcess, type ServerProcess } from './support/server-process'
import { TcpProxy } from './support/tcp-proxy'
import { makeTempDir, removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

const SHOTS = join(REPO_ROOT, 'e2e/screenshots')
const SLOW = { timeout: 30_000 }
const VIEWPORT = { width: 1280, height: 1000 }
const ACCOUNT = `#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`

let dataDir: string
let clientDir: string
let port: number
let server: ServerProcess
let url: string
let proxy: TcpProxy
let browser: Browser
let ownerPerson: Person
let colleaguePerson: Person
let ownerPage: Page
let colleagueContext: BrowserContext
let colleaguePage: Page
const problems: PageProblems[] = []

async function freePort(): Promise<number> {
  const probe = createServer()
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', () => resolve()))
  const { port: free } = probe.address() as AddressInfo
  await new Promise((resolve) => probe.close(resolve))
  return free
}

async function startServer(): Promise<void> {
  server = startServerProcess({ dataDir, port, env: { CLIENT_DIR: clientDir } })
  url = await server.ready()
}

async function openAccount(context: BrowserContext, base: string): Promise<Page> {
  const page = await context.newPage()
  problems.push(watchPageProblems(page))
  await page.goto(`${base}/${ACCOUNT}`)
  await waitFor(async () => (await page.locator('#field-name').inputValue().catch(() => '')) !== '', 'the demo account to open', { timeoutMs: 30_000, intervalMs: 100 })
  return page
}

const field = (page: Page, name: string) => page.locator(`#field-${name}`).inputValue()
const connection = (page: Page) => page.locator('[data-testid=connection]').innerText()
const contacts = (page: Page) => page.locator('[data-testid=related-contacts]').innerText()

async function addContact(page: Page, firstName: string, lastName: string): Promise<void> {
  const section = page.locator('[data-testid=related-contacts]')
  await section.getByRole('button', { name: 'Add contact' }).click()
  await section.getByLabel('First name').fill(firstName)
  await section.getByLabel('Last name').fill(lastName)
  await section.getByRole('button', { name: 'Add', exact: true }).click()
  await expect.poll(() => contacts(page), SLOW).toContain(`${firstName} ${lastName}`)
}

/** Cuts the colleague's network and waits until the app says it is offline. */
async function cut(): Promise<ProxySnapshot> {
  proxy.cut()
  await expect.poll(() => connection(colleaguePage), SLOW).toMatch(/^Offline/)
  return { ...proxy.counts }
}
type ProxySnapshot = TcpProxy['counts']

/** The colleague's page is served by the service worker, whose cache holds the app shell. */
async function waitForServiceWorker(page: Page): Promise<void> {
  try {
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null, undefined, { timeout: 30_000 })
  } catch (error) {
    const state = await page.evaluate(async () => JSON.stringify((await navigator.serviceWorker.getRegistrations()).map((r) => ({ scope: r.scope, active: r.active?.state, installing: r.installing?.state, waiting: r.waiting?.state }))))
    throw new Error(`The service worker does not control the page (registrations: ${state}): ${(error as Error).message}`)
  }
}

/** The document names of the colleague's local replica (IndexedDB), read in the page. */
function heldDocuments(page: Page): Promise<string[]> {
  return page.evaluate(async () => {
    const databases = await indexedDB.databases()
    const name = databases.map((d) => d.name ?? '').find((n) => n.startsWith('tandem-replica:'))
    if (!name) return []
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(name)
      request.onsuccess = () => resolve(request.result)
      request.onerror = () => reject(request.error)
    })
    try {
      const keys = await new Promise<IDBValidKey[]>((resolve, reject) => {
        const request = db.transaction('replica').objectStore('replica').getAllKeys()
        request.onsuccess = () => resolve(request.result)
        request.onerror = () => reject(request.error)
      })
      return [...new Set(keys.filter(Array.isArray).map((k) => String((k as unknown[])[1])))]
    } finally {
      db.close()
    }
  })
}

async function history(field: string): Promise<Array<{ new: unknown; at: string; actor: { name: string | null } }>> {
  const res = await fetch(`${url}/api/v1/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}/history?limit=50`, { headers: { cookie: ownerPerson.cookie } })
  if (!res.ok) throw new Error(`history: HTTP ${res.status} ${await res.text()}`)
  const body = (await res.json()) as { items: Array<{ field: string; new: unknown; at: string; actor: { name: string | null } }> }
  return body.items.filter((item) => item.field === field)
}

beforeAll(async () => {
  const dir = makeTempDir('offline')
  dataDir = join(dir, 'data')
  clientDir = join(dir, 'client')
  buildClient(clientDir)
  port = await freePort()
  await startServer()
  proxy = await TcpProxy.start({ host: '127.0.0.1', port })
  ;({ owner: ownerPerson, colleague: colleaguePerson } = await ownerAndColleague(url, server))
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  ownerPage = await openAccount(await signedInContext(browser, ownerPerson, url, VIEWPORT), url)
  colleagueContext = await signedInContext(browser, colleaguePerson, proxy.url, VIEWPORT)
  colleaguePage = await openAccount(colleagueContext, proxy.url)
  await waitForServiceWorker(colleaguePage)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await proxy?.close()
  await killServerProcesses()
  removeTempDirs()
})

describe('offline, for real', () => {
  test('cut off, the colleague edits the phone and adds a contact while the owner edits the website; back online, both pages and a reload show all three, and nothing reached the server meanwhile', async () => {
    await expect.poll(() => connection(colleaguePage), SLOW).toBe('Online · all changes saved')
    const atCut = await cut()

    await colleaguePage.locator('#field-phone').fill('+1 425 555 0199')
    await addContact(colleaguePage, 'Olive', 'Offline')
    await ownerPage.locator('#field-website').fill('https://contoso-online.example')
    await expect.poll(() => connection(colleaguePage), SLOW).toMatch(/^Offline · \d+ changes? waiting, kept on this device$/)
    await colleaguePage.screenshot({ path: join(SHOTS, 'offline-colleague-editing.png') })
    // The colleague's app kept trying (refused connections), and not one byte got through.
    await expect.poll(() => proxy.counts.refused, SLOW).toBeGreaterThan(atCut.refused)
    expect(proxy.counts.bytesToServer).toBe(atCut.bytesToServer)
    expect(proxy.counts).toMatchObject({ bytesToServerWhileCut: 0, upstreamWhileCut: 0 })
    expect(await field(ownerPage, 'phone')).toBe(DEMO_ACCOUNT_FIELDS.phone)
    expect(await contacts(ownerPage)).not.toContain('Olive Offline')
    expect(await field(colleaguePage, 'website')).toBe(DEMO_ACCOUNT_FIELDS.website)

    const restoredAt = Date.now()
    proxy.restore()
    for (const page of [ownerPage, colleaguePage]) {
      await expect.poll(() => field(page, 'phone'), SLOW).toBe('+1 425 555 0199')
      await expect.poll(() => field(page, 'website'), SLOW).toBe('https://contoso-online.example')
      await expect.poll(() => contacts(page), SLOW).toContain('Olive Offline')
    }
    await expect.poll(() => connection(colleaguePage), SLOW).toBe('Online · all changes saved')
    // The server committed the colleague's phone only after the network came back.
    const phone = (await history('phone')).find((item) => item.new === '+1 425 555 0199')
    expect(phone?.actor.name).toBe('Cora Colleague')
    expect(Date.parse(phone!.at)).toBeGreaterThanOrEqual(restoredAt - 1000)

    for (const page of [ownerPage, colleaguePage]) {
      await page.reload()
      await expect.poll(() => field(page, 'phone'), SLOW).toBe('+1 425 555 0199')
      await expect.poll(() => field(page, 'website'), SLOW).toBe('https://contoso-online.example')
      await expect.poll(() => contacts(page), SLOW).toContain('Olive Offline')
    }
  })

  test('offline changes survive closing the page and reopening the app with the network still cut, served by the service worker; a listed record opens offline; all merge on reconnect', async () => {
    // A contact the colleague has only seen in a list: its document is fetched in the background.
    await addContact(ownerPage, 'Nora', 'Neveropened')
    const listed = await ownerPage.locator('[data-testid=related-contacts] a', { hasText: 'Nora Neveropened' }).getAttribute('href')
    const noraId = listed!.split('/').at(-1)!
    await colleaguePage.goto(`${proxy.url}/#/${DEMO_WORKSPACE_ID}/contacts`)
    await colleaguePage.locator('[data-testid=list-search]').fill('Neveropened')
    await expect.poll(() => colleaguePage.locator('#list-grid').innerText(), SLOW).toContain('Neveropened')
    await waitFor(async () => (await heldDocuments(colleaguePage)).some((name) => name.endsWith(noraId)), 'the listed contact to be fetched into the replica', { timeoutMs: 30_000, intervalMs: 200 })
    await colleaguePage.goto(`${proxy.url}/${ACCOUNT}`)
    await expect.poll(() => field(colleaguePage, 'name'), SLOW).not.toBe('')

    const atCut = await cut()
    await colleaguePage.locator('#field-industry').fill('Offline industry')
    await addContact(colleaguePage, 'Paul', 'Persisted')
    // Activities, relationships and accounts are made offline too (their ids are made here).
    const activities = colleaguePage.locator('[data-testid=related-activities]')
    await activities.getByRole('button', { name: 'Add task' }).click()
    await activities.getByLabel('Subject').fill('Call back (offline)')
    await activities.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => activities.innerText(), SLOW).toContain('Call back (offline)')
    const relationships = colleaguePage.locator('[data-testid=related-relationships]')
    await relationships.getByRole('button', { name: 'Add relationship' }).click()
    await colleaguePage.locator('#relationship-other').fill('Litware')
    await relationships.getByRole('option', { name: /Litware/ }).click()
    await relationships.getByLabel('Description').fill('Met at the offline fair')
    await relationships.getByRole('button', { name: 'Add', exact: true }).click()
    await expect.poll(() => relationships.innerText(), SLOW).toContain('Met at the offline fair')
    await colleaguePage.goto(`${proxy.url}/#/${DEMO_WORKSPACE_ID}/accounts/new`)
    await colleaguePage.locator('#field-name').fill('Offline Outfitters')
    await expect.poll(() => colleaguePage.locator('#record-title').innerText(), SLOW).toBe('Offline Outfitters')
    await expect.poll(() => connection(colleaguePage), SLOW).toMatch(/^Offline · \d+ changes waiting/)
    await colleaguePage.close()

    // Reopened with the network still cut: the service worker answers the page, the app opens
    // as the last user with the waiting changes.
    colleaguePage = await colleagueContext.newPage()
    problems.push(watchPageProblems(colleaguePage))
    await colleaguePage.goto(`${proxy.url}/${ACCOUNT}`)
    await expect.poll(() => field(colleaguePage, 'industry'), SLOW).toBe('Offline industry')
    await expect.poll(() => contacts(colleaguePage), SLOW).toContain('Paul Persisted')
    expect(await colleaguePage.locator('.app__user').innerText()).toBe('Cora Colleague')
    await expect.poll(() => connection(colleaguePage), SLOW).toMatch(/^Offline · \d+ changes waiting, kept on this device$/)
    await colleaguePage.screenshot({ path: join(SHOTS, 'offline-reopened.png') })

    // The contact only listed before opens offline with its fields, and takes an edit.
    await colleaguePage.goto(`${proxy.url}/#/${DEMO_WORKSPACE_ID}/contacts/${noraId}`)
    await expect.poll(() => field(colleaguePage, 'lastName'), SLOW).toBe('Neveropened')
    await colleaguePage.locator('#field-jobTitle').fill('Buyer (edited offline)')
    // A record with no copy on this device says so instead of an empty form.
    await colleaguePage.goto(`${proxy.url}/#/${DEMO_WORKSPACE_ID}/contacts/${uuidv7()}`)
    await expect.poll(() => colleaguePage.locator('[data-testid=record-not-offline]').innerText(), SLOW).toMatch(/not available offline yet/)
    await colleaguePage.screenshot({ path: join(SHOTS, 'offline-not-on-device.png') })
    expect(proxy.counts.bytesToServer).toBe(atCut.bytesToServer)
    expect(proxy.counts.refused).toBeGreaterThan(atCut.refused)

    proxy.restore()
    await colleaguePage.goto(`${proxy.url}/${ACCOUNT}`)
    await expect.poll(() => connection(colleaguePage), SLOW).toBe('Online · all changes saved')
    await expect.poll(() => field(ownerPage, 'industry'), SLOW).toBe('Offline industry')
    await expect.poll(() => contacts(ownerPage), SLOW).toContain('Paul Persisted')
    await expect.poll(() => ownerPage.locator('[data-testid=related-activities]').innerText(), SLOW).toContain('Call back (offline)')
    await expect.poll(() => ownerPage.locator('[data-testid=related-relationships]').innerText(), SLOW).toContain('Met at the offline fair')
    await ownerPage.goto(`${url}/#/${DEMO_WORKSPACE_ID}/accounts`)
    await ownerPage.locator('[data-testid=list-search]').fill('Offline Outfitters')
    await expect.poll(() => ownerPage.locator('#list-grid').innerText(), SLOW).toContain('Offline Outfitters')
    await ownerPage.goto(`${url}/#/${DEMO_WORKSPACE_ID}/contacts/${noraId}`)
    await expect.poll(() => field(ownerPage, 'jobTitle'), SLOW).toBe('Buyer (edited offline)')
    await ownerPage.goto(`${url}/${ACCOUNT}`)
    await expect.poll(() => field(ownerPage, 'name'), SLOW).not.toBe('')
  })

  test('the server restarts while both edit: both keep working and nothing is lost', async () => {
    await ownerPage.locator('#field-accountNumber').fill('ACC-0001-A')
    await colleaguePage.locator('#field-otherPhone').fill('+1 425 555 0111')
    await expect.poll(() => field(ownerPage, 'otherPhone'), SLOW).toBe('+1 425 555 0111')

    // Typed right before the crash: may or may not have reached the server.
    await ownerPage.locator('#field-industry').fill('Crash-time industry')
    await colleaguePage.locator('#field-website').fill('https://crash-time.example')
    await server.kill('SIGKILL')
    await expect.poll(() => connection(colleaguePage), SLOW).toMatch(/^Offline/)
    await expect.poll(() => connection(ownerPage), SLOW).toMatch(/^Offline/)
    // While the server is down, both keep editing.
    await ownerPage.locator('#field-accountNumber').fill('ACC-0001-B')
    await colleaguePage.locator('#field-phone').fill('+1 425 555 0222')
    await addContact(colleaguePage, 'Rita', 'Restart')
    await ownerPage.screenshot({ path: join(SHOTS, 'offline-server-down.png') })

    await startServer()
    const expected = { accountNumber: 'ACC-0001-B', otherPhone: '+1 425 555 0111', industry: 'Crash-time industry', website: 'https://crash-time.example', phone: '+1 425 555 0222' }
    for (const page of [ownerPage, colleaguePage]) {
      await expect.poll(() => connection(page), { timeout: 60_000 }).toBe('Online · all changes saved')
      for (const [name, value] of Object.entries(expected)) await expect.poll(() => field(page, name), SLOW).toBe(value)
      await expect.poll(() => contacts(page), SLOW).toContain('Rita Restart')
    }
    for (const page of [ownerPage, colleaguePage]) {
      await page.reload()
      for (const [name, value] of Object.entries(expected)) await expect.poll(() => field(page, name), SLOW).toBe(value)
      await expect.poll(() => contacts(page), SLOW).toContain('Rita Restart')
    }
    // And it keeps working: a new edit goes across.
    await colleaguePage.locator('#field-industry').fill('After the restart')
    await expect.poll(() => field(ownerPage, 'industry'), SLOW).toBe('After the restart')
  })

  test('the service worker caches the app shell only: every file index.html loads, the favicon, and no API, sync or live answer', async () => {
    const index = readFileSync(join(clientDir, 'index.html'), 'utf8')
    const loaded = [...index.matchAll(/(?:src|href)="(\/assets\/[^"]+)"/g)].map((m) => m[1]!)
    expect(loaded.length).toBeGreaterThan(0)
    const cached = await colleaguePage.evaluate(async () => {
      const urls: string[] = []
      for (const name of await caches.keys()) for (const request of await (await caches.open(name)).keys()) urls.push(new URL(request.url).pathname)
      return urls
    })
    expect(cached).toEqual(expect.arrayContaining(['/', '/favicon.svg', ...loaded]))
    expect(cached.filter((path) => /^\/(api|sync|live)\//.test(path))).toEqual([])
  })

  test('a new build takes over at the next load, and it is the one that opens offline afterwards', async () => {
    // A deploy, simulated on disk: the entry script under a new hashed name (marked), index.html
    // and the service worker's file list pointing at it.
    const index = readFileSync(join(clientDir, 'index.html'), 'utf8')
    const entry = /src="\/assets\/([^"]+\.js)"/.exec(index)![1]!
    const next = entry.replace(/\.js$/, '-next.js')
    writeFileSync(join(clientDir, 'assets', next), `${readFileSync(join(clientDir, 'assets', entry), 'utf8')}\n;window.tandemBuild = 'next'\n`)
    writeFileSync(join(clientDir, 'index.html'), index.replace(entry, next))
    writeFileSync(join(clientDir, 'sw.js'), readFileSync(join(clientDir, 'sw.js'), 'utf8').replace(`/assets/${entry}`, `/assets/${next}`))

    const build = () => colleaguePage.evaluate(() => (window as unknown as { tandemBuild?: string }).tandemBuild ?? 'first')
    await colleaguePage.reload()
    expect(await build()).toBe('next')
    // The new worker installed, took over and dropped the old build's cache.
    await waitFor(async () => {
      const cached = await colleaguePage.evaluate(async () => Promise.all((await caches.keys()).map(async (name) => (await (await caches.open(name)).keys()).map((r) => new URL(r.url).pathname))))
      return cached.length === 1 && cached[0]!.includes(`/assets/${next}`) && !cached[0]!.includes(`/assets/${entry}`)
    }, 'the new build to replace the old one in the cache', { timeoutMs: 30_000, intervalMs: 200 })

    proxy.cut()
    await colleaguePage.reload()
    await expect.poll(() => field(colleaguePage, 'name'), SLOW).not.toBe('')
    expect(await build()).toBe('next')
    proxy.restore()
  })

  test('offline changes survive closing the whole browser and starting it again with the network still cut', async () => {
    // A browser with a profile on disk, as a person's is: closing it ends the process.
    const profile = makeTempDir('offline-profile')
    const launch = async () => {
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM_PATH, headless: true, viewport: { width: 1280, height: 1000 }, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
      })
      const page = context.pages()[0] ?? await context.newPage()
      problems.push(watchPageProblems(page))
      return { context, page }
    }
    let { context, page } = await launch()
    const [name, value] = colleaguePerson.cookie.split('=') as [string, string]
    await context.addCookies([{ name, value, domain: '127.0.0.1', path: '/', httpOnly: true, sameSite: 'Lax', expires: Math.floor(Date.now() / 1000) + 86_400 }])
    await page.goto(`${proxy.url}/${ACCOUNT}`)
    await expect.poll(() => field(page, 'name'), SLOW).not.toBe('')
    await waitForServiceWorker(page)
    await expect.poll(() => connection(page), SLOW).toBe('Online · all changes saved')

    const atCut = { ...proxy.counts }
    proxy.cut()
    await expect.poll(() => connection(page), SLOW).toMatch(/^Offline/)
    await page.locator('#field-email').fill('offline@contoso.example')
    await expect.poll(() => connection(page), SLOW).toBe('Offline · 1 change waiting, kept on this device')
    await context.close()

    ;({ context, page } = await launch())
    try {
      await page.goto(`${proxy.url}/${ACCOUNT}`)
      await expect.poll(() => field(page, 'email'), SLOW).toBe('offline@contoso.example')
      await expect.poll(() => connection(page), SLOW).toBe('Offline · 1 change waiting, kept on this device')
      await page.screenshot({ path: join(SHOTS, 'offline-browser-restarted.png') })
      expect(proxy.counts.bytesToServer).toBe(atCut.bytesToServer)

      proxy.restore()
      await expect.poll(() => connection(page), SLOW).toBe('Online · all changes saved')
      await expect.poll(() => field(ownerPage, 'email'), SLOW).toBe('offline@contoso.example')
    } finally {
      await context.close()
    }
  })

  test('no page threw an uncaught exception', () => {
    expect(problems.flatMap((p) => p.list).filter((line) => line.startsWith('uncaught'))).toEqual([])
  })
})
