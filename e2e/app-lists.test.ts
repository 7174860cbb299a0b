/**
 * Issue 5, the shell and lists as a user meets them: sign in on the sign-in page, land on the
 * accounts list of the demo workspace, narrow it by typing in the search box, open a record from
 * the list with the keyboard, open another through the Ctrl+K palette, and invite someone new by
 * link from the members page. A screenshot of the list goes to e2e/screenshots/ (ignored by git).
 *
 * The client is built into a temporary directory (CLIENT_DIR), so the shared dist/ is left alone.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { launchChromium, watchPageProblems, type PageProblems } from './support/chromium'
import { demoCredentials } from './support/accounts'
import { startAppServer } from './support/client-build'
import { killServerProcesses, REPO_ROOT, type ServerProcess } from './support/server-process'
import { removeTempDirs } from './support/temp-dir'

const SHOTS = join(REPO_ROOT, 'e2e/screenshots')
const SLOW = { timeout: 20_000 }
const RECORD_HASH = /^#\/demo\/(accounts|contacts)\/[0-9a-f-]{36}$/

let server: ServerProcess
let url: string
let browser: Browser
let page: Page
let problems: PageProblems
let credentials: { email: string; password: string }

beforeAll(async () => {
  ;({ server, url } = await startAppServer('app-lists'))
  credentials = await demoCredentials(server)
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
  problems = watchPageProblems(page)
}, 240_000)

afterAll(async () => {
  await browser?.close()
  await killServerProcesses()
  removeTempDirs()
})

/** The titles in the list's visible rows (first column). */
async function listedTitles(): Promise<string[]> {
  return page.locator('#list-grid [role=row] .list-grid__link').allInnerTexts()
}

describe('the app shell and lists', () => {
  test('signing in on the sign-in page opens the accounts list of the demo workspace, with the seeded accounts', async () => {
    await page.goto(url)
    await page.getByLabel('Email').fill(credentials.email)
    await page.getByLabel('Password').fill(credentials.password)
    await page.getByRole('button', { name: 'Sign in' }).click()
    await page.getByRole('heading', { name: 'Accounts' }).waitFor(SLOW)
    expect(await page.evaluate(() => location.hash)).toBe('#/demo/accounts')
    await page.getByText('Contoso Ltd', { exact: true }).waitFor(SLOW)
    const titles = await listedTitles()
    expect(titles).toContain('Fabrikam, Inc.')
    expect(titles.length).toBeGreaterThanOrEqual(4)
    // Sorted by title, as the catalog keeps them.
    expect([...titles].sort((a, b) => a.localeCompare(b))).toEqual(titles)
    expect(await page.getByTestId('list-count').innerText()).toBe(`${titles.length} accounts`)
    await page.getByRole('navigation', { name: 'Main' }).getByText('Opportunities').waitFor()
    expect(await page.getByTestId('connection').innerText()).toMatch(/Online|Syncing/)
  })

  test('typing in the search box narrows the list at each keystroke, whatever the case', async () => {
    const total = (await listedTitles()).length
    const search = page.getByTestId('list-search')
    await search.click()
    await search.pressSequentially('CONT', { delay: 40 })
    await expect.poll(listedTitles, SLOW).toEqual(expect.arrayContaining(['Contoso Ltd', 'Contoso Europe GmbH']))
    expect((await listedTitles()).every((t) => t.toLowerCase().includes('cont'))).toBe(true)
    expect(await page.getByTestId('list-count').innerText()).toMatch(new RegExp(`^\\d+ of ${total} accounts$`))
    await search.pressSequentially('oso europe', { delay: 40 })
    await expect.poll(listedTitles, SLOW).toEqual(['Contoso Europe GmbH'])
    await page.screenshot({ path: join(SHOTS, 'app-lists.png') })
    await search.fill('')
    await expect.poll(async () => (await listedTitles()).length, SLOW).toBe(total)
  })

  test('the arrow keys in the search box pick a row and Enter opens its record page', async () => {
    const search = page.getByTestId('list-search')
    await search.fill('fabrikam')
    await expect.poll(listedTitles, SLOW).toEqual(['Fabrikam, Inc.'])
    await search.press('ArrowDown')
    await search.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash), SLOW).toMatch(RECORD_HASH)
    await page.locator('#record-title', { hasText: 'Fabrikam, Inc.' }).waitFor(SLOW)
    await page.goBack()
    await page.getByRole('heading', { name: 'Accounts' }).waitFor(SLOW)
    // The list is as it was left.
    expect(await page.getByTestId('list-search').inputValue()).toBe('fabrikam')
  })

  test('Ctrl+K opens the palette, which finds a contact from the accounts page, and Enter opens it', async () => {
    await page.keyboard.press('Control+k')
    const palette = page.getByTestId('palette')
    await palette.waitFor(SLOW)
    await page.keyboard.type('yvonne mck', { delay: 30 })
    const option = palette.getByRole('option', { name: /Yvonne McKay/ })
    await option.waitFor(SLOW)
    expect(await option.innerText()).toContain('Contact')
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => location.hash), SLOW).toMatch(/^#\/demo\/contacts\//)
    expect(await palette.count()).toBe(0)
    await page.locator('#record-title', { hasText: 'Yvonne McKay' }).waitFor(SLOW)
  })

  test('the palette\'s commands go to a list: "go cas" and Enter opens Cases', async () => {
    await page.keyboard.press('Control+k')
    await page.keyboard.type('go cas', { delay: 30 })
    await page.getByRole('option', { name: /Go to Cases/ }).waitFor(SLOW)
    await page.keyboard.press('Enter')
    await page.getByRole('heading', { name: 'Cases' }).waitFor(SLOW)
    expect(await page.evaluate(() => location.hash)).toBe('#/demo/cases')
  })

  test('an admin\'s invitation link, opened by someone new, lets them sign up and opens the workspace they joined', async () => {
    await page.goto(`${url}/#/demo/members`)
    await page.getByRole('button', { name: 'Create invitation link' }).click()
    const link = await page.getByTestId('invite-link').inputValue()
    expect(link).toMatch(new RegExp(`^${url}/invite/[A-Za-z0-9_-]+$`))
    const guest = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage()
    await guest.goto(link)
    await guest.getByRole('button', { name: /create an account/i }).click()
    await guest.getByLabel('Your name').fill('Nina Newcomer')
    await guest.getByLabel('Email').fill('nina@tandem.test')
    await guest.getByLabel('Password').fill('newcomer-password-1')
    await guest.getByRole('button', { name: /create/i }).last().click()
    await guest.getByText('Contoso Ltd', { exact: true }).waitFor(SLOW)
    expect(await guest.evaluate(() => location.pathname + location.hash)).toBe('/#/demo/accounts')
    expect(await guest.getByLabel('Workspace').inputValue()).toBe('demo')
    await guest.context().close()
    await page.reload()
    await page.getByRole('cell', { name: 'nina@tandem.test' }).waitFor(SLOW)
  })

  test('nothing went wrong in the page but the one 401 of asking who is signed in before signing in', () => {
    expect(problems.list.filter((p) => !/HTTP 401: .*\/api\/auth\/me$/.test(p) && !/401 \(Unauthorized\)/.test(p))).toEqual([])
  })
})
