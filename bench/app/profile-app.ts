/**
 * Where the app benchmark's time goes (a tool for finding causes, not a benchmark): the same
 * 100,000-contact workspace as bench/app.ts, an unminified client build (function names kept),
 * and a V8 CPU profile of the page over one phase, summarised by self and inclusive time, with
 * the long tasks the page saw meanwhile.
 *
 *   npx tsx bench/app/profile-app.ts --data-cache <dir> [--phase warm|scroll|propagation|baseline] [--out <file.cpuprofile>] [--trace]
 *
 * warm: a reload with the catalog in IndexedDB, until 50 rows show and the search box answers,
 * then 3 s more (the background work after it); scroll: the scroll probe of bench/app.ts;
 * propagation: keystrokes in one context's description awaited in another (both pages profiled);
 * baseline: no app at all, a trivial virtual list under the same scroll probe (the harness's floor).
 * `--measure` (scroll): no profile, only the figures. `--compare '<rules>'` (repeatable, scroll):
 * the probe's figures with each set of rules added in turn, interleaved with the page as it is. `--css '<rules>'` (scroll) adds CSS to the page before it scrolls (experiments without a rebuild);
 * `--layers` prints its compositing layers; `--screenshot <file.png>` saves the list after the scroll. `--trace` (scroll and baseline): a Chromium trace instead of the CPU profile, summarised as the
 * main thread's self time per kind of work (style, layout, paint, script, …: trace-summary.ts).
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext, CDPSession, Page } from 'playwright-core'
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../../shared/demo'
import { demoCredentials, join as joinWorkspace, signIn, signUp, type Person } from '../../e2e/support/accounts'
import { launchChromium } from '../../e2e/support/chromium'
import { REPO_ROOT, startServerProcess } from '../../e2e/support/server-process'
import { appSettings, generatedData, typeAndWatch } from '../app'
import { catalogRowsAtLeast, wholeListOf, scrollList, watchKeystrokes, watchReady } from './page-probes'
import { formatSelfTime, mainThreadSelfTime, TRACE_CATEGORIES } from './trace-summary'

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface CpuProfile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f)'
const LONG_TASKS = `globalThis.__longTasks = []; new PerformanceObserver((l) => { for (const e of l.getEntries()) globalThis.__longTasks.push([Math.round(e.startTime), Math.round(e.duration)]) }).observe({ type: 'longtask', buffered: true })`

/** Each IndexedDB bulk read: which store, how many results, from the call to its success handler and how long that handler ran. */
const IDB_READS = `globalThis.__idb = []; for (const proto of [IDBObjectStore.prototype, IDBIndex.prototype]) for (const method of ['getAll', 'getAllKeys']) {
  const original = proto[method]
  proto[method] = function (...args) {
    const request = original.apply(this, args)
    const at = performance.now()
    const name = (this.objectStore ? this.objectStore.name + '.' + this.name : this.name) + '.' + method
    queueMicrotask(() => {
      const handler = request.onsuccess
      request.onsuccess = function (event) {
        const start = performance.now()
        const n = request.result.length
        if (handler) handler.call(this, event)
        globalThis.__idb.push([name, Math.round(at), Math.round(start - at), Math.round(performance.now() - start), n])
      }
    })
    return request
  }
}`

/** Wall-clock times of each sync socket's sends and messages (the page's clock, as ms since the epoch). */
const SOCKET_TIMES = `globalThis.__sock = { sent: [], got: [] }; {
  const send = WebSocket.prototype.send
  WebSocket.prototype.send = function (data) {
    if (this.url.includes('/sync/')) globalThis.__sock.sent.push(performance.timeOrigin + performance.now())
    return send.call(this, data)
  }
  const add = WebSocket.prototype.addEventListener
  const Original = WebSocket
  const fetch0 = globalThis.fetch
  globalThis.__fetches = []
  globalThis.fetch = async function (input, init) {
    const at = performance.now()
    const response = await fetch0.call(this, input, init)
    const url = String(input)
    if (url.includes('/catalog') || url.includes('/catch-up')) {
      response.clone().text().then((text) => globalThis.__fetches.push([url.split('/api')[1].slice(0, 60), Math.round(at), Math.round(performance.now() - at), text.length]))
    }
    return response
  }
  globalThis.WebSocket = class extends Original {
    constructor(...args) {
      super(...args)
      if (String(args[0]).includes('/sync/')) add.call(this, 'message', () => globalThis.__sock.got.push(performance.timeOrigin + performance.now()))
    }
  }
}`

const arg = (name: string): string | undefined => {
  const at = process.argv.indexOf(name)
  return at > 0 ? process.argv[at + 1] : undefined
}

async function main(): Promise<void> {
  const cache = arg('--data-cache')
  const phase = arg('--phase') ?? 'warm'
  const out = arg('--out')
  const settings = appSettings(true)
  const counts = { accounts: settings.accounts, contacts: settings.contacts, relationships: 0, cases: 0, activities: 0 }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-app-profile-'))
  const log = (line: string) => process.stderr.write(`${line}\n`)
  const server = { current: null as ReturnType<typeof startServerProcess> | null }
  const browser = await launchChromium()
  try {
    if (phase === 'baseline') {
      const context = await browser.newContext({ viewport: { width: 1280, height: 2200 } })
      await context.addInitScript({ content: NAME_SHIM })
      const page = await context.newPage()
      await baseline(page, log)
      if (process.argv.includes('--trace')) {
        await browser.startTracing(page, { categories: TRACE_CATEGORIES })
        await page.evaluate(scrollList, { frames: 200, step: 340 })
        log(`baseline main thread over 200 traced frames (self ms):\n${formatSelfTime(mainThreadSelfTime((await browser.stopTracing()).toString('utf8')))}`)
      }
      return
    }
    const dataDir = join(dir, 'data')
    await generatedData(dataDir, counts, cache, log)
    const clientDir = join(dir, 'client')
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', clientDir, '--emptyOutDir', '--minify', 'false', '--logLevel', 'warn'],
      { cwd: REPO_ROOT, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`the client build failed:\n${build.stdout}\n${build.stderr}`)
    server.current = startServerProcess({ dataDir, env: { CLIENT_DIR: clientDir } })
    const url = await server.current.ready()
    const { email, password } = await demoCredentials(server.current)
    const owner = await signIn(url, email, password)
    const contextFor = async (person: Person): Promise<BrowserContext> => {
      const context = await browser.newContext({ viewport: { width: 1280, height: 2200 } })
      const [name, value] = person.cookie.split('=') as [string, string]
      await context.addCookies([{ name, value, url, httpOnly: true, sameSite: 'Lax' }])
      await context.addInitScript({ content: NAME_SHIM })
      await context.addInitScript({ content: LONG_TASKS })
      await context.addInitScript({ content: IDB_READS })
      await context.addInitScript({ content: SOCKET_TIMES })
      return context
    }
    const context = await contextFor(owner)
    await context.addInitScript(watchReady)
    let page = await context.newPage()
    page.on('console', (m) => { if (m.type() === 'error' || m.text().startsWith('[profile]')) log(`page: ${m.text()}`) })
    {
      await page.goto(`${url}/#/${DEMO_WORKSPACE_ID}/contacts`)
      await page.waitForFunction((total) => Number((document.querySelector('[data-testid=list-count]')?.textContent ?? '').replace(/[^0-9 ]/g, '').trim().split(/\s+/).at(-1)) >= total,
        settings.contacts, { timeout: 600_000, polling: 500 })
      log(`catalog pulled at ${(await page.evaluate(() => performance.now())).toFixed(0)} ms; waiting for the writes`)
      await page.waitForTimeout(5000)
    }
    // As bench/app.ts does: the list page closed, the keystrokes typed in a new page of the context.
    if (phase === 'propagation') {
      const typing = await context.newPage()
      await page.close()
      page = typing
    }
    const cdp = await context.newCDPSession(page)
    let profiling = true
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 200 })
    if (phase === 'warm') {
      await cdp.send('Profiler.start')
      await page.reload()
      const ready = await page.waitForFunction(() => (globalThis as unknown as { __ready?: { at: number } | null }).__ready?.at ?? null, undefined, { timeout: 120_000, polling: 50 })
      log(`warm: ready at ${Number(await ready.jsonValue()).toFixed(0)} ms`)
      await page.waitForTimeout(3000)
    } else if (phase === 'scroll') {
      // To tell the prefetch's share: its catch-up requests refused from here on (it stops until `online`).
      if (process.argv.includes('--no-prefetch')) await page.route('**/catch-up', (route) => route.abort())
      if (process.argv.includes('--reload')) {
        // As in bench/app.ts: a page reloaded (the catalog read from IndexedDB), and (--search) searched, cleared.
        await page.reload()
        await page.waitForFunction(wholeListOf, settings.contacts, { timeout: 120_000, polling: 200 })
      }
      if (process.argv.includes('--search')) {
        const search = page.getByTestId('list-search')
        await search.pressSequentially('maria', { delay: 80 })
        await page.waitForTimeout(300)
        await search.fill('')
      }
      // Experiments without a rebuild: CSS rules added to the page before it scrolls.
      const css = arg('--css')
      if (css) await page.addStyleTag({ content: css })
      const variants = process.argv.flatMap((a, i) => (a === '--compare' ? [process.argv[i + 1]!] : []))
      if (variants.length > 0) await compareCss(page, ['', ...variants], log)
      await page.waitForTimeout(1000)
      if (process.argv.includes('--layers')) log(`compositing layers: ${await compositedLayers(page, cdp)}`)
      log(`DOM before scrolling: ${await page.evaluate(() => JSON.stringify({
        elements: document.querySelectorAll('*').length, rows: document.querySelectorAll('.list-grid__body > *').length,
        bodyChildren: document.querySelector('.list-grid__body')?.childNodes.length, scroller: document.querySelector('.list-grid__scroller')?.clientHeight,
        controlled: Boolean(navigator.serviceWorker?.controller),
      }))}`)
      await page.evaluate(() => { (globalThis as unknown as { __longTasks: unknown[] }).__longTasks.length = 0 })
      const tracing = process.argv.includes('--trace')
      if (tracing) await browser.startTracing(page, { categories: TRACE_CATEGORIES })
      // The sampling profiler slows the page: traced or measured runs go without it.
      profiling = !tracing && !process.argv.includes('--measure')
      if (profiling) await cdp.send('Profiler.start')
      const scrolled = await page.evaluate(scrollList, { frames: 200, step: 340 })
      const sorted = [...scrolled.frameMs].sort((a, b) => a - b)
      const work = [...scrolled.workMs].sort((a, b) => a - b)
      log(`scroll: interval p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(1)} ms, p95 ${sorted[Math.floor(sorted.length * 0.95)]!.toFixed(1)} ms; ` +
        `frame time p50 ${work[Math.floor(work.length / 2)]!.toFixed(1)} ms, p95 ${work[Math.ceil(work.length * 0.95) - 1]!.toFixed(1)} ms; long tasks ${scrolled.longTasksMs.map((ms) => ms.toFixed(0)).join(', ')}`)
      if (tracing) log(`main thread over the scroll (self ms):\n${formatSelfTime(mainThreadSelfTime((await browser.stopTracing()).toString('utf8')))}`)
      const shot = arg('--screenshot')
      if (shot) {
        await page.setViewportSize({ width: 1280, height: 900 })
        await page.waitForTimeout(300)
        await page.screenshot({ path: shot })
        log(`screenshot of the list after the scroll in ${shot}`)
      }
    } else {
      await propagation(url, owner, contextFor, page, cdp, log)
    }
    const profile = profiling ? (await cdp.send('Profiler.stop') as { profile: CpuProfile }).profile : null
    const longTasks = await page.evaluate(() => (globalThis as unknown as { __longTasks: Array<[number, number]> }).__longTasks)
    log(`long tasks [start, ms]: ${JSON.stringify(longTasks)}`)
    const reads = await page.evaluate(() => (globalThis as unknown as { __idb: Array<[string, number, number, number, number]> }).__idb)
    log(`IndexedDB bulk reads over 20 ms [what, at, wait ms, handler ms, results]: ${JSON.stringify(reads.filter((r) => r[2] + r[3] > 20))}`)
    if (out && profile) writeFileSync(out, JSON.stringify(profile))
    if (profile) process.stdout.write(`${summarize(profile)}\n`)
  } finally {
    await browser.close().catch(() => {})
    await server.current?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

async function propagation(url: string, owner: Person, contextFor: (p: Person) => Promise<BrowserContext>, typing: Page, cdp: CDPSession, log: (line: string) => void): Promise<void> {
  const colleague = await signUp(url, 'colleague@tandem.test', 'Cora Colleague')
  await joinWorkspace(url, owner, colleague, 'member')
  const watching = await (await contextFor(colleague)).newPage()
  if (process.argv.includes('--settled')) {
  }
  const recordUrl = `${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`
  for (const page of [typing, watching]) {
    await page.goto(recordUrl)
    await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#field-description')?.value ?? '').length > 0, undefined, { timeout: 60_000 })
  }
  if (process.argv.includes('--settled')) {
    // The colleague's catalog pulled first (on the record page, as bench/app.ts waits for it).
    await watching.waitForFunction(catalogRowsAtLeast, 100_000, { timeout: 600_000, polling: 500 })
    await watching.waitForTimeout(3000)
  }
  const other = await watching.context().newCDPSession(watching)
  await other.send('Profiler.enable')
  await other.send('Profiler.setSamplingInterval', { interval: 200 })
  await typing.evaluate(watchKeystrokes)
  await typing.locator('#field-description').click()
  await typing.keyboard.press('Control+End')
  await cdp.send('Profiler.start')
  await other.send('Profiler.start')
  const ms = await typeAndWatch(typing, watching, 40, 0)
  const { profile } = await other.send('Profiler.stop') as { profile: CpuProfile }
  log(`propagation ms: ${ms.map((m) => m.toFixed(0)).join(' ')}`)
  // Where each keystroke's time went: keydown → the typing page's first sync send → the watching
  // page's first sync message after it → the text seen there (as of the rAF poll).
  const downs = await typing.evaluate(() => ((globalThis as unknown as { __keys: Array<{ down: number }> }).__keys).map((k) => performance.timeOrigin + k.down))
  const sent = await typing.evaluate(() => (globalThis as unknown as { __sock: { sent: number[] } }).__sock.sent)
  const got = await watching.evaluate(() => (globalThis as unknown as { __sock: { got: number[] } }).__sock.got)
  const parts = downs.map((down, i) => {
    const send = sent.find((t) => t >= down) ?? Number.NaN
    const recv = got.find((t) => t >= send) ?? Number.NaN
    return [send - down, recv - send, down + ms[i]! - recv]
  })
  const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
  log(`median keydown → send ${med(parts.map((p) => p[0]!)).toFixed(1)} ms, send → other page's message ${med(parts.map((p) => p[1]!)).toFixed(1)} ms, message → seen ${med(parts.map((p) => p[2]!)).toFixed(1)} ms`)
  log(`watching page's catalog and catch-up requests [url, at, ms, bytes]: ${JSON.stringify(await watching.evaluate(() => (globalThis as unknown as { __fetches: unknown[] }).__fetches.slice(-60)))}`)
  log(`per key [keydown→send, send→message, message→seen]: ${JSON.stringify(parts.map((p) => p.map((x) => Math.round(x))))}`)
  process.stdout.write(`receiving page:\n${summarize(profile)}\n\ntyping page:\n`)
}

/**
 * The harness's floor: an empty page scrolling a trivial 100,000-row virtual list (plain DOM, the
 * grid's row height and columns, row nodes reused, text and transform set per frame), under the
 * same scroll probe. What it reaches is what headless Chromium without a GPU allows on this machine.
 */
async function baseline(page: Page, log: (line: string) => void): Promise<void> {
  await page.setContent(`<!doctype html><style>
    body { margin: 0; font: 14px system-ui, sans-serif; }
    .list-grid__scroller { height: 2100px; overflow: auto; position: relative; }
    .body { position: relative; height: ${100_000 * 34}px; }
    .row { position: absolute; top: 0; left: 0; right: 0; height: 34px; display: grid; grid-template-columns: 1.75rem repeat(6, 12rem); align-items: center; border-bottom: 1px solid #eee; contain: layout style paint; }
    .row div { padding: 0 0.6rem; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
  </style><div id="list-grid"><div class="list-grid__scroller"><div class="body"></div></div></div>`)
  await page.evaluate(() => {
    const scroller = document.querySelector<HTMLElement>('.list-grid__scroller')!
    const body = document.querySelector<HTMLElement>('.body')!
    const rows: HTMLElement[] = []
    const visible = Math.ceil(2100 / 34) + 16
    for (let i = 0; i < visible; i++) {
      const row = document.createElement('div')
      row.className = 'row'
      for (let c = 0; c < 7; c++) row.appendChild(document.createElement('div')).appendChild(document.createTextNode(''))
      body.appendChild(row)
      rows.push(row)
    }
    const draw = () => {
      const start = Math.max(0, Math.floor(scroller.scrollTop / 34) - 8)
      rows.forEach((row, i) => {
        const n = start + i
        row.style.transform = `translateY(${n * 34}px)`
        for (let c = 0; c < 7; c++) (row.children[c]!.firstChild as Text).data = c === 0 ? '' : `Row ${n} column ${c}`
      })
    }
    scroller.addEventListener('scroll', draw)
    draw()
  })
  await page.waitForTimeout(500)
  const results: string[] = []
  for (let round = 0; round < 3; round++) {
    const scrolled = await page.evaluate(scrollList, { frames: 400, step: 340 })
    const sorted = [...scrolled.frameMs].sort((a, b) => a - b)
    const work = [...scrolled.workMs].sort((a, b) => a - b)
    const missed = scrolled.frameMs.filter((ms) => ms > 25).length
    results.push(`frame time p50 ${work[Math.floor(work.length / 2)]!.toFixed(2)} ms, p95 ${work[Math.ceil(work.length * 0.95) - 1]!.toFixed(2)} ms; ` +
      `interval p50 ${sorted[Math.floor(sorted.length / 2)]!.toFixed(2)} ms, p95 ${sorted[Math.ceil(sorted.length * 0.95) - 1]!.toFixed(2)} ms, ${missed} intervals over 25 ms, ${scrolled.longTasksMs.length} long tasks`)
  }
  log(`baseline scroll (trivial virtual list, 3 rounds of 400 frames): ${results.join('; ')}`)
}

/**
 * The scroll probe's figures with each CSS variant added to the page in turn ('' the page as it
 * is), three rounds of the variants interleaved, so the machine's load falls on all of them alike.
 */
async function compareCss(page: Page, variants: string[], log: (line: string) => void): Promise<void> {
  const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.ceil(xs.length * p / 100) - 1]!
  for (let round = 0; round < 3; round++) {
    for (const [i, css] of variants.entries()) {
      await page.evaluate((content) => {
        document.getElementById('__variant')?.remove()
        const style = document.head.appendChild(document.createElement('style'))
        style.id = '__variant'
        style.textContent = content
      }, css)
      await page.waitForTimeout(300)
      const s = await page.evaluate(scrollList, { frames: 200, step: 340 })
      log(`round ${round} variant ${i} ${JSON.stringify(css.slice(0, 80))}: frame time p50 ${pct(s.workMs, 50).toFixed(1)} ms, p95 ${pct(s.workMs, 95).toFixed(1)} ms, ` +
        `${s.frameMs.filter((ms) => ms > 25).length} intervals over 25 ms, ${s.longTasksMs.length} long tasks (load ${readFileSync('/proc/loadavg', 'utf8').split(' ')[0]})`)
    }
  }
  await page.evaluate(() => document.getElementById('__variant')?.remove())
}

/**
 * The page's compositing layers (size, whether it draws), to see what scrolls on the compositor.
 * The layer tree is reported when it changes: a 1 px composited element is added to make it change.
 */
async function compositedLayers(page: Page, cdp: CDPSession): Promise<string> {
  const layers = new Promise<Array<{ width: number; height: number; drawsContent: boolean }> | null>((resolve) => {
    cdp.once('LayerTree.layerTreeDidChange', (event: { layers?: Array<{ width: number; height: number; drawsContent: boolean }> }) => resolve(event.layers ?? []))
    setTimeout(() => resolve(null), 5000)
  })
  await cdp.send('LayerTree.enable')
  await page.evaluate(() => {
    const nudge = document.body.appendChild(document.createElement('div'))
    nudge.style.cssText = 'position: fixed; width: 1px; height: 1px; will-change: transform'
    setTimeout(() => nudge.remove(), 500)
  })
  const list = await layers
  await cdp.send('LayerTree.disable')
  if (!list) return 'no layer tree reported'
  return `${list.length} (one of them the 1×1 nudge): ${list.map((l) => `${l.width}×${l.height}${l.drawsContent ? ' draws' : ''}`).join(', ')}`
}

/** Self and inclusive time by function (name, file and line of the unminified bundle). */
function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const name = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber + 1}`
  const self = new Map<string, number>()
  const inclusive = new Map<string, number>()
  let busy = 0
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000
    const node = byId.get(id)!
    if (node.callFrame.functionName === '(idle)' || node.callFrame.functionName === '(root)') return
    busy += ms
    self.set(name(node), (self.get(name(node)) ?? 0) + ms)
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = name(byId.get(at)!)
      if (seen.has(n)) continue
      seen.add(n)
      inclusive.set(n, (inclusive.get(n) ?? 0) + ms)
    }
  })
  const ranked = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).slice(0, top).map(([k, ms]) => `  ${ms.toFixed(0).padStart(6)} ms  ${k}`).join('\n')
  return `busy ${busy.toFixed(0)} ms\nself:\n${ranked(self)}\ninclusive:\n${ranked(inclusive)}`
}

await main()
