/**
 * The app benchmark (issue 5): the client in Chromium against the real server, with 100,000
 * contacts (and a few hundred accounts) generated through the storage layer into a temporary PGlite
 * data directory before the server starts. Measures, in the contacts list: keystroke to the next
 * paint in the search box (p95), scroll frame time (p95) and long tasks while scrolling, navigation
 * to 50 rows visible with the search box responsive, cold (a fresh browser context: the catalog
 * comes from the server) and warm (a reload: the catalog is in IndexedDB), and the page's JS heap;
 * then, on the demo account in two contexts (two people), keystroke in the description to the text
 * appearing in the other context, p50/p99 (while the other context pulls its first catalog, and
 * once it has). How each is measured: bench/app/page-probes.ts.
 *
 * `npm run bench -- --only app [--quick]`, or alone: `npx tsx bench/app.ts [--quick] [--data-cache <dir>]`
 * (the generated workspace kept in `<dir>` and copied for each run, saving the ~3 minutes it takes).
 * Every process and temporary directory it starts is gone when it returns, even on failure.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../shared/demo'
import { openStorage } from '../server/storage/open-storage'
import { generateWorkspace, writeRecords, type WorkspaceCounts } from '../server/testing/workspace-generator'
import { demoCredentials, join as joinWorkspace, signIn, signUp, type Person } from '../e2e/support/accounts'
import { launchChromium, watchPageProblems, type PageProblems } from '../e2e/support/chromium'
import { REPO_ROOT, startServerProcess, type ServerProcess } from '../e2e/support/server-process'
import {
  catalogRowsAtLeast, keystrokeSamples, wholeListOf, lastKeyDownAt, scrollList, seenAt, seenWith, watchKeystrokes, watchReady,
} from './app/page-probes'
import type { Target } from './report'
import { median, percentile } from './stats'

const SEED = 5
const VIEWPORT = { width: 1280, height: 2200 } // tall enough for 50 rows of 34 px in the grid
/** esbuild (tsx) wraps named functions in `__name(...)`; the probes run in the page, which has none. */
const NAME_SHIM = 'globalThis.__name = globalThis.__name || ((f) => f)'
const WORDS = ['maria', 'smith', 'lond', 'john', 'garcia', 'berlin', 'anna', 'taylor', 'paris', 'chen']

export interface AppSettings {
  contacts: number
  accounts: number
  /** Keystrokes in the list's search box (words typed, then erased with Backspace). */
  keystrokes: number
  scrollFrames: number
  warmRounds: number
  /** Keystrokes typed in one context and awaited in the other. */
  propagationKeystrokes: number
  /**
   * A directory keeping the generated workspace between runs (`--data-cache <dir>`): generated
   * there once, then copied into each run's temporary directory, so every run starts from the same
   * freshly generated 100,000 contacts (the run's own edits never reach the cache).
   */
  dataCache?: string
}

export interface PropagationResult { p50Ms: number; p99Ms: number; maxMs: number; samples: number }

export interface AppResult {
  counts: WorkspaceCounts
  generateSeconds: number
  keystroke: { p50Ms: number; p95Ms: number; maxMs: number; samples: number; eventTimingOver16: number; eventTimingMaxMs: number; eventTimingP95Ms: number }
  /** `missedFrames`: intervals over 25 ms (1.5 frames at 60 Hz; rAF times come in steps of 0.1 ms, so an on-time frame reads 16.6 to 16.8 ms). */
  /** work: each frame's main-thread time (start → after paint); interval: between frame starts (0.1 ms clock steps). */
  scroll: {
    workP50Ms: number; workP95Ms: number; workMaxMs: number
    intervalP50Ms: number; intervalP95Ms: number; intervalMaxMs: number
    frames: number; missedFrames: number; longTasks: number; longestTaskMs: number; scrolledPx: number
  }
  coldReadyMs: number
  coldCatalogMs: number
  warmReadyMs: number[]
  heap: { usedMb: number; usedAfterGcMb: number }
  /** Keystroke to the other context, both pages at rest (the colleague's catalog pulled). */
  propagation: PropagationResult
  /** The same while the colleague's page still pulls its first 100,000-row catalog. */
  propagationDuringPull: PropagationResult
  pageProblems: string[]
}

export function appSettings(quick: boolean): AppSettings {
  return { contacts: 100_000, accounts: 200, keystrokes: quick ? 40 : 120, scrollFrames: quick ? 120 : 400, warmRounds: quick ? 2 : 5, propagationKeystrokes: quick ? 40 : 100 }
}

export async function runAppBench(settings: AppSettings, log: (line: string) => void): Promise<AppResult> {
  const counts: WorkspaceCounts = { accounts: settings.accounts, contacts: settings.contacts, relationships: 0, cases: 0, activities: 0 }
  const dir = mkdtempSync(join(tmpdir(), 'tandem-app-bench-'))
  let server: ServerProcess | null = null
  let browser: Browser | null = null
  const problems: PageProblems[] = []
  try {
    const dataDir = join(dir, 'data')
    const generateSeconds = await generatedData(dataDir, counts, settings.dataCache, log)
    log('app: building the client')
    const clientDir = join(dir, 'client')
    const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', clientDir, '--emptyOutDir', '--logLevel', 'warn'],
      { cwd: REPO_ROOT, encoding: 'utf8' })
    if (build.status !== 0) throw new Error(`the client build failed:\n${build.stdout}\n${build.stderr}`)
    server = startServerProcess({ dataDir, env: { CLIENT_DIR: clientDir } })
    const url = await server.ready()
    const { email, password } = await demoCredentials(server)
    const owner = await signIn(url, email, password)
    const colleague = await signUp(url, 'colleague@tandem.test', 'Cora Colleague')
    await joinWorkspace(url, owner, colleague, 'member')
    browser = await launchChromium()
    const contextFor = async (person: Person): Promise<BrowserContext> => {
      const context = await browser!.newContext({ viewport: VIEWPORT })
      const [name, value] = person.cookie.split('=') as [string, string]
      await context.addCookies([{ name, value, url, httpOnly: true, sameSite: 'Lax' }])
      await context.addInitScript({ content: NAME_SHIM })
      return context
    }
    const pageIn = async (context: BrowserContext): Promise<Page> => {
      const page = await context.newPage()
      problems.push(watchPageProblems(page))
      return page
    }

    // Cold: a fresh context (no IndexedDB, no service worker), the catalog pulled from the server.
    const ownerContext = await contextFor(owner)
    await ownerContext.addInitScript(watchReady)
    const list = await pageIn(ownerContext)
    await list.goto(`${url}/#/${DEMO_WORKSPACE_ID}/contacts`)
    const coldReadyMs = await readyAt(list)
    await list.waitForFunction(wholeListOf, settings.contacts, { timeout: 600_000, polling: 200 })
    const coldCatalogMs = await list.evaluate(() => performance.now())
    log(`app: cold ${coldReadyMs.toFixed(0)} ms to 50 rows and a responsive search box; the whole catalog in ${(coldCatalogMs / 1000).toFixed(1)} s`)
    // Let the client finish writing the catalog to IndexedDB before reloading.
    await list.waitForTimeout(3000)

    // Warm: reloads, the catalog from IndexedDB.
    const warmReadyMs: number[] = []
    for (let i = 0; i < settings.warmRounds; i++) {
      await list.reload()
      warmReadyMs.push(await readyAt(list))
      await list.waitForTimeout(1000)
    }
    log(`app: warm ${warmReadyMs.map((ms) => ms.toFixed(0)).join(', ')} ms`)

    // Keystrokes in the search box, each to the paint after it.
    await list.waitForFunction(wholeListOf, settings.contacts, { timeout: 120_000, polling: 200 })
    await list.evaluate(watchKeystrokes)
    const search = list.getByTestId('list-search')
    await search.click()
    let typed = 0
    for (let w = 0; typed < settings.keystrokes; w++) {
      const word = WORDS[w % WORDS.length]!
      await search.pressSequentially(word, { delay: 80 })
      await list.waitForTimeout(200)
      for (let i = 0; i < word.length; i++) await search.press('Backspace', { delay: 0 }).then(() => list.waitForTimeout(80))
      typed += word.length * 2
      await list.waitForTimeout(200)
    }
    const keys = await list.evaluate(keystrokeSamples)
    const keyMs = keys.ms.filter(Number.isFinite)
    const keystroke = {
      p50Ms: percentile(keyMs, 50), p95Ms: percentile(keyMs, 95), maxMs: Math.max(...keyMs), samples: keyMs.length,
      eventTimingOver16: keys.eventTimingMs.length, eventTimingMaxMs: keys.eventTimingMs.length ? Math.max(...keys.eventTimingMs) : 0,
      eventTimingP95Ms: eventTimingP95(keys.eventTimingMs, keyMs.length),
    }
    log(`app: keystroke to paint p50 ${keystroke.p50Ms.toFixed(1)} ms, p95 ${keystroke.p95Ms.toFixed(1)} ms over ${keystroke.samples}; ` +
      `Event Timing: ${keystroke.eventTimingOver16} keydowns over 16 ms, p95 ${keystroke.eventTimingP95Ms.toFixed(0)} ms, longest ${keystroke.eventTimingMaxMs.toFixed(0)} ms`)

    // Scrolling the whole (unfiltered) list, 10 rows a frame.
    await list.waitForFunction(() => (document.querySelector<HTMLInputElement>('[data-testid=list-search]')?.value ?? 'x') === '')
    await list.waitForTimeout(500)
    const scrolled = await list.evaluate(scrollList, { frames: settings.scrollFrames, step: 340 })
    const scroll = {
      workP50Ms: percentile(scrolled.workMs, 50), workP95Ms: percentile(scrolled.workMs, 95), workMaxMs: Math.max(...scrolled.workMs),
      intervalP50Ms: percentile(scrolled.frameMs, 50), intervalP95Ms: percentile(scrolled.frameMs, 95), intervalMaxMs: Math.max(...scrolled.frameMs),
      frames: scrolled.frameMs.length, missedFrames: scrolled.frameMs.filter((ms) => ms > 25).length,
      longTasks: scrolled.longTasksMs.length, longestTaskMs: scrolled.longTasksMs.length ? Math.max(...scrolled.longTasksMs) : 0,
      scrolledPx: scrolled.scrolledPx,
    }
    log(`app: scroll frame time p50 ${scroll.workP50Ms.toFixed(1)} ms, p95 ${scroll.workP95Ms.toFixed(1)} ms; interval p95 ${scroll.intervalP95Ms.toFixed(1)} ms, ` +
      `${scroll.missedFrames} of ${scroll.frames} over 25 ms, ${scroll.longTasks} long tasks`)

    // The page's JS heap with the whole catalog loaded, as is and after a forced collection.
    const cdp = await ownerContext.newCDPSession(list)
    const { usedSize } = await cdp.send('Runtime.getHeapUsage')
    await cdp.send('HeapProfiler.collectGarbage')
    const after = await cdp.send('Runtime.getHeapUsage')
    await cdp.detach()
    const heap = { usedMb: usedSize / 1e6, usedAfterGcMb: after.usedSize / 1e6 }
    log(`app: JS heap ${heap.usedMb.toFixed(0)} MB, ${heap.usedAfterGcMb.toFixed(0)} MB after a GC`)
    await list.close()

    // Two people on the demo account: keystrokes in the owner's description, seen in the colleague's.
    const recordUrl = `${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`
    const typing = await pageIn(ownerContext)
    const watching = await pageIn(await contextFor(colleague))
    for (const page of [typing, watching]) {
      await page.goto(recordUrl)
      await page.waitForFunction(() => (document.querySelector<HTMLTextAreaElement>('#field-description')?.value ?? '').length > 0, undefined, { timeout: 60_000 })
    }
    await typing.evaluate(watchKeystrokes)
    await typing.locator('#field-description').click()
    await typing.keyboard.press('Control+End')
    // First while the colleague's page is still pulling the 100,000-row catalog (it opened cold):
    // the server serves those pages between the commits. Then again once that pull is done.
    const propagationDuringPull = await measurePropagation(typing, watching, settings.propagationKeystrokes, 0)
    log(`app: keystroke to the other context during its first catalog pull p50 ${propagationDuringPull.p50Ms.toFixed(1)} ms, p99 ${propagationDuringPull.p99Ms.toFixed(1)} ms`)
    await watching.waitForFunction(catalogRowsAtLeast, settings.contacts, { timeout: 600_000, polling: 500 })
    await watching.waitForTimeout(3000)
    const propagation = await measurePropagation(typing, watching, settings.propagationKeystrokes, settings.propagationKeystrokes)
    log(`app: keystroke to the other context p50 ${propagation.p50Ms.toFixed(1)} ms, p99 ${propagation.p99Ms.toFixed(1)} ms over ${propagation.samples}`)

    return {
      counts, generateSeconds, keystroke, scroll, coldReadyMs, coldCatalogMs, warmReadyMs, heap, propagation, propagationDuringPull,
      pageProblems: problems.flatMap((p) => p.list),
    }
  } finally {
    await browser?.close().catch(() => {})
    await server?.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * Types `keys` letters at the end of the owner's description, each awaited in the colleague's
 * page: keydown to the text seen there (rAF-polled), wall clocks of one browser.
 */
async function measurePropagation(typing: Page, watching: Page, keys: number, offset: number): Promise<PropagationResult> {
  const ms = await typeAndWatch(typing, watching, keys, offset)
  return { p50Ms: median(ms), p99Ms: percentile(ms, 99), maxMs: Math.max(...ms), samples: ms.length }
}

/** The ms from each keydown in `typing`'s focused description to the text seen in `watching`. */
export async function typeAndWatch(typing: Page, watching: Page, keys: number, offset: number): Promise<number[]> {
  let text = ''
  const ms: number[] = []
  for (let i = offset; i < offset + keys; i++) {
    const key = String.fromCharCode(97 + (i % 26))
    text += key
    await typing.keyboard.press(key)
    await watching.waitForFunction(seenWith, { selector: '#field-description', expected: text.slice(-20) }, { polling: 'raf', timeout: 15_000 })
    ms.push((await watching.evaluate(seenAt)) - (await typing.evaluate(lastKeyDownAt)))
    await typing.waitForTimeout(30 + (i % 5) * 20)
  }
  return ms
}

/**
 * Writes the workspace into `dataDir`; with a cache, generates it there once (marked by a file
 * naming the seed and counts, written last) and copies it. Returns the seconds generating took
 * (the cached run's, when copied).
 */
export async function generatedData(dataDir: string, counts: WorkspaceCounts, cache: string | undefined, log: (line: string) => void): Promise<number> {
  const marker = cache && join(cache, 'generated.json')
  const wanted = { seed: SEED, counts }
  if (marker && existsSync(marker)) {
    const kept = JSON.parse(readFileSync(marker, 'utf8')) as typeof wanted & { seconds: number }
    if (JSON.stringify({ seed: kept.seed, counts: kept.counts }) === JSON.stringify(wanted)) {
      log(`app: copying the workspace generated before from ${cache}`)
      cpSync(join(cache!, 'data'), dataDir, { recursive: true })
      return kept.seconds
    }
  }
  const target = cache ? join(cache, 'data') : dataDir
  if (cache) rmSync(cache, { recursive: true, force: true })
  log(`app: generating ${counts.contacts} contacts and ${counts.accounts} accounts into ${target}`)
  const g0 = performance.now()
  const storage = await openStorage({ dataDir: target })
  try {
    await writeRecords(storage.store, DEMO_WORKSPACE_ID, generateWorkspace(SEED, counts), { batchSize: 1000 })
  } finally {
    await storage.close()
  }
  const seconds = (performance.now() - g0) / 1000
  log(`app: written in ${seconds.toFixed(0)} s`)
  if (cache) {
    writeFileSync(marker!, JSON.stringify({ ...wanted, seconds }))
    cpSync(target, dataDir, { recursive: true })
  }
  return seconds
}

/**
 * The p95 of Event Timing's keydown durations (hardware timestamp to the presentation of the next
 * frame, in steps of 8 ms) over all `keys`: Chromium reports only entries of 16 ms or more, so the
 * keys it did not report count as under 16 ms (the answer is then 0: "under 16").
 */
function eventTimingP95(reported: number[], keys: number): number {
  const sorted = [...reported].sort((a, b) => a - b)
  const rank = Math.ceil(0.95 * Math.max(keys, reported.length)) - 1
  const unreported = Math.max(keys, reported.length) - sorted.length
  return rank < unreported ? 0 : sorted[rank - unreported]!
}

/** Ms since navigation start when 50 rows were visible and the search box answered (watchReady). */
async function readyAt(page: Page): Promise<number> {
  const handle = await page.waitForFunction(() => (globalThis as unknown as { __ready?: { at: number } | null }).__ready?.at ?? null, undefined, { timeout: 120_000, polling: 100 })
  return (await handle.jsonValue()) as number
}

export function appTable(r: AppResult): string {
  const f = (v: number, d = 1) => (Number.isFinite(v) ? v.toFixed(d) : 'n/a')
  return [
    `App in Chromium: ${r.counts.contacts.toLocaleString('en')} contacts, ${r.counts.accounts} accounts (generated in ${f(r.generateSeconds, 0)} s)`,
    `  search keystroke → next paint     p50 ${f(r.keystroke.p50Ms)} ms  p95 ${f(r.keystroke.p95Ms)} ms  max ${f(r.keystroke.maxMs)} ms  (${r.keystroke.samples} keys; ` +
      `Event Timing: ${r.keystroke.eventTimingOver16} over 16 ms, p95 ${f(r.keystroke.eventTimingP95Ms, 0)} ms, longest ${f(r.keystroke.eventTimingMaxMs, 0)} ms)`,
    `  scroll frame time (start → painted) p50 ${f(r.scroll.workP50Ms)} ms  p95 ${f(r.scroll.workP95Ms)} ms  max ${f(r.scroll.workMaxMs)} ms  (${r.scroll.frames} frames, ` +
      `${r.scroll.longTasks} long tasks, longest ${f(r.scroll.longestTaskMs, 0)} ms)`,
    `    frame intervals                 p50 ${f(r.scroll.intervalP50Ms)} ms  p95 ${f(r.scroll.intervalP95Ms)} ms  max ${f(r.scroll.intervalMaxMs)} ms  (${r.scroll.missedFrames} over 25 ms)`,
    `  navigation → 50 rows, search ready  cold ${f(r.coldReadyMs, 0)} ms (whole catalog ${f(r.coldCatalogMs / 1000)} s)  ` +
      `warm median ${f(median(r.warmReadyMs), 0)} ms (${r.warmReadyMs.map((ms) => f(ms, 0)).join(', ')})`,
    `  JS heap                           ${f(r.heap.usedMb, 0)} MB, ${f(r.heap.usedAfterGcMb, 0)} MB after a GC`,
    `  keystroke → other context         p50 ${f(r.propagation.p50Ms)} ms  p99 ${f(r.propagation.p99Ms)} ms  max ${f(r.propagation.maxMs)} ms  (${r.propagation.samples} keys, both pages at rest)`,
    `    while the other pulls its catalog p50 ${f(r.propagationDuringPull.p50Ms)} ms  p99 ${f(r.propagationDuringPull.p99Ms)} ms  max ${f(r.propagationDuringPull.maxMs)} ms  (${r.propagationDuringPull.samples} keys)`,
    ...(r.pageProblems.length ? [`  page problems: ${r.pageProblems.slice(0, 5).join('; ')}`] : []),
  ].join('\n')
}

export function appTargets(r: AppResult): Target[] {
  const warm = median(r.warmReadyMs)
  return [
    { name: 'app: search keystroke to next paint p95 (ms)', value: r.keystroke.p95Ms, limit: '≤ 50', pass: r.keystroke.p95Ms <= 50 },
    { name: 'app: scroll frame time p95 (ms)', value: r.scroll.workP95Ms, limit: '≤ 16.7', pass: r.scroll.workP95Ms <= 16.7 },
    { name: 'app: long tasks over 50 ms while scrolling', value: r.scroll.longTasks, limit: '= 0', pass: r.scroll.longTasks === 0 },
    { name: 'app: warm navigation to 50 rows, search ready (ms)', value: warm, limit: '≤ 500', pass: warm <= 500 },
    { name: 'app: cold navigation to 50 rows, search ready (ms)', value: r.coldReadyMs, limit: '≤ 1500', pass: r.coldReadyMs <= 1500 },
    { name: 'app: JS heap after a GC (MB)', value: r.heap.usedAfterGcMb, limit: '≤ 150', pass: r.heap.usedAfterGcMb <= 150 },
  ]
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = Date.now()
  const log = (line: string) => process.stderr.write(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${line}\n`)
  const cacheAt = process.argv.indexOf('--data-cache')
  const dataCache = cacheAt > 0 ? process.argv[cacheAt + 1] : undefined
  const result = await runAppBench({ ...appSettings(process.argv.includes('--quick')), ...(dataCache ? { dataCache } : {}) }, log)
  const dir = new URL('./results/', import.meta.url).pathname
  mkdirSync(dir, { recursive: true })
  const file = join(dir, `app-${new Date(started).toISOString().replace(/[:.]/g, '-')}.json`)
  writeFileSync(file, JSON.stringify(result, null, 2))
  const targets = appTargets(result)
  process.stdout.write(`${appTable(result)}\n${targets.map((t) => `${t.pass ? 'PASS' : 'FAIL'} ${t.name}: ${t.value.toFixed(2)} (${t.limit})`).join('\n')}\nJSON in ${file}\n`)
  if (targets.some((t) => !t.pass)) process.exitCode = 1
}
