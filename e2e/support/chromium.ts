/**
 * Headless Chromium for browser tests: the system Chromium (never a downloaded one) through
 * playwright-core, with the flags a container needs and none of Chromium's own network chatter.
 */
import { existsSync } from 'node:fs'
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core'
import type { Person } from './accounts'

export const CHROMIUM_PATH = '/usr/bin/chromium'

const ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
]

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Browser tests need the system Chromium at ${CHROMIUM_PATH}: run \`apt-get install chromium\` (tests never download a browser).`)
  }
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ARGS, headless: true })
}

/** A browser context of `width` x `height` that sends `person`'s session cookie to `baseUrl`, as after signing in. */
export async function signedInContext(browser: Browser, person: Person, baseUrl: string, viewport: { width: number; height: number }): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport })
  const [name, value] = person.cookie.split('=') as [string, string]
  await context.addCookies([{ name, value, url: baseUrl, httpOnly: true, sameSite: 'Lax' }])
  return context
}

/** Everything a page reports as wrong: console errors, uncaught exceptions, failed requests. */
export interface PageProblems {
  readonly list: string[]
}

export function watchPageProblems(page: Page): PageProblems {
  const list: string[] = []
  page.on('console', (message: ConsoleMessage) => {
    if (message.type() === 'error') list.push(`console error: ${message.text()}`)
  })
  page.on('pageerror', (error) => list.push(`uncaught: ${error.message}`))
  page.on('requestfailed', (request) => list.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'unknown'})`))
  page.on('response', (response) => {
    if (response.status() >= 400) list.push(`HTTP ${response.status()}: ${response.url()}`)
  })
  return { list }
}
