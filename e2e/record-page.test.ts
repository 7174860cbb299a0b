/**
 * Issue 5, acceptance 1, 5 and 7 on the record page: two people (owner, colleague) in two browser
 * contexts on one account. The owner types in the name and the description and the colleague sees
 * both, with the owner's avatar, the field the owner is in and the owner's caret; undo takes back
 * only the owner's own edit; an over-long name forced past the form is refused by the server, and
 * the page says why at the field and keeps the text. Screenshots go to e2e/screenshots/.
 *
 * The client is built into a temporary directory (CLIENT_DIR), so the shared dist/ is left alone.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_ACCOUNT_FIELDS, DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../shared/demo'
import { uuidv7 } from '../shared/ids'
import { ownerAndColleague, type Person } from './support/accounts'
import { launchChromium, signedInContext, watchPageProblems, type PageProblems } from './support/chromium'
import { startAppServer } from './support/client-build'
import { killServerProcesses, REPO_ROOT, type ServerProcess } from './support/server-process'
import { removeTempDirs } from './support/temp-dir'
import { waitFor } from './support/wait'

const SHOTS = join(REPO_ROOT, 'e2e/screenshots')
const SLOW = { timeout: 20_000 }

let server: ServerProcess
let url: string
let browser: Browser
let owner: Page
let colleague: Page
const problems: PageProblems[] = []

async function open(person: Person, debug: boolean): Promise<Page> {
  const context = await signedInContext(browser, person, url, { width: 1280, height: 1100 })
  // Lets the test write to the open record's document past the form (record-page.tsx).
  if (debug) await context.addInitScript(() => localStorage.setItem('tandem.debug', '1'))
  const page = await context.newPage()
  problems.push(watchPageProblems(page))
  await page.goto(`${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`)
  await waitFor(async () => (await page.locator('#field-name').inputValue().catch(() => '')) === DEMO_ACCOUNT_FIELDS.name, 'the demo account to open', { timeoutMs: 30_000, intervalMs: 100 })
  return page
}

beforeAll(async () => {
  ;({ server, url } = await startAppServer('record-page'))
  const { owner: ownerPerson, colleague: colleaguePerson } = await ownerAndColleague(url, server)
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  owner = await open(ownerPerson, true)
  colleague = await open(colleaguePerson, true)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await killServerProcesses()
  removeTempDirs()
})

describe('the record page with two people on one account', () => {
  test('the colleague sees the owner type in the name and the description, with the owner\'s avatar, the field they are in and their caret', async () => {
    await owner.locator('#field-name').click()
    await owner.locator('#field-name').press('End')
    await owner.keyboard.type(' Holdings')
    await owner.locator('#field-description').click()
    await owner.keyboard.press('Control+End')
    await owner.keyboard.type(' Typed live by the owner.')

    await expect.poll(() => colleague.locator('#field-name').inputValue(), SLOW).toBe(`${DEMO_ACCOUNT_FIELDS.name} Holdings`)
    await expect.poll(() => colleague.locator('#field-description').inputValue(), SLOW).toMatch(/Typed live by the owner\.$/)
    await expect.poll(() => colleague.locator('#record-title').innerText(), SLOW).toBe(`${DEMO_ACCOUNT_FIELDS.name} Holdings`)
    // The owner's avatar, and the owner marked in the description field with their caret in it.
    await expect.poll(() => colleague.locator('[data-testid=avatars] li').getAttribute('title'), SLOW).toMatch(/^Demo User · editing description$/)
    await expect.poll(() => colleague.locator('[data-field=field-description] [data-testid=field-marker]').innerText(), SLOW).toBe('Demo User')
    await expect.poll(() => colleague.locator('[data-testid=remote-caret]').count(), SLOW).toBe(1)
    expect(await colleague.locator('[data-testid=remote-caret]').innerText()).toBe('Demo User')
    await owner.screenshot({ path: join(SHOTS, 'record-owner-typing.png') })
    await colleague.screenshot({ path: join(SHOTS, 'record-two-people.png') })
  })

  test('undo in the form takes back only the owner\'s own edit, not the colleague\'s', async () => {
    await owner.locator('#field-industry').fill('Energy')
    await expect.poll(() => colleague.locator('#field-industry').inputValue(), SLOW).toBe('Energy')
    await colleague.locator('#field-website').fill('https://contoso-holdings.example')
    await expect.poll(() => owner.locator('#field-website').inputValue(), SLOW).toBe('https://contoso-holdings.example')

    await owner.locator('#field-industry').press('Control+z')
    for (const page of [owner, colleague]) {
      await expect.poll(() => page.locator('#field-industry').inputValue(), SLOW).toBe(DEMO_ACCOUNT_FIELDS.industry)
      expect(await page.locator('#field-website').inputValue()).toBe('https://contoso-holdings.example')
    }
    // Undoing again takes back the owner's description typing, still not the colleague's website.
    await owner.locator('#field-industry').press('Control+z')
    await expect.poll(() => colleague.locator('#field-description').inputValue(), SLOW).not.toMatch(/Typed live by the owner/)
    expect(await colleague.locator('#field-website').inputValue()).toBe('https://contoso-holdings.example')
    // Redo brings it back.
    await owner.locator('#field-industry').press('Control+Shift+z')
    await expect.poll(() => colleague.locator('#field-description').inputValue(), SLOW).toMatch(/Typed live by the owner\.$/)
  })

  test('a name the form would stop, forced past it, is refused by the server: the field says why and keeps the text; fixing it saves', async () => {
    const before = await colleague.locator('#field-name').inputValue()
    const long = `Contoso ${'x'.repeat(180)}`
    await owner.evaluate((value) => (window as unknown as { tandemRecord: { write(p: Record<string, string>): void } }).tandemRecord.write({ name: value }), long)

    const field = owner.locator('[data-field=field-name]')
    await expect.poll(() => field.locator('.field__error').innerText().catch(() => ''), SLOW).toBe('Account name is longer than 160 characters')
    expect(await owner.locator('#field-name').inputValue()).toBe(long)
    await expect.poll(() => owner.locator('[data-testid=refusal]').innerText(), SLOW).toMatch(/did not accept a change: .*Account name/)
    await owner.evaluate(() => window.scrollTo(0, 0))
    await owner.screenshot({ path: join(SHOTS, 'record-refused-name.png') })
    // The colleague never saw the refused value.
    expect(await colleague.locator('#field-name').inputValue()).toBe(before)

    await owner.locator('#field-name').fill('Contoso Worldwide')
    await expect.poll(() => colleague.locator('#field-name').inputValue(), SLOW).toBe('Contoso Worldwide')
    expect(await field.locator('.field__error').count()).toBe(0)
    expect(await owner.locator('[data-testid=refusal]').count()).toBe(0)
  })

  test('when my edit of a field loses to a colleague\'s concurrent edit, the field says so with both values, and "use mine" writes mine again', async () => {
    type Handle = { tandemRecord: { disconnect(): void; connect(): void } }
    // The owner's record socket is held while both change the industry: the edits cannot see each other.
    await owner.evaluate(() => (window as unknown as Handle).tandemRecord.disconnect())
    await owner.locator('#field-industry').fill('Aerospace')
    await colleague.locator('#field-industry').fill('Automotive')
    await owner.evaluate(() => (window as unknown as Handle).tandemRecord.connect())
    const same = async () => (await owner.locator('#field-industry').inputValue()) === (await colleague.locator('#field-industry').inputValue())
    await waitFor(same, 'both pages to show the same industry', { timeoutMs: 20_000, intervalMs: 100 })
    const winner = await owner.locator('#field-industry').inputValue()
    const [loser, mine, theirs] = winner === 'Automotive' ? [owner, 'Aerospace', 'Automotive'] : [colleague, 'Automotive', 'Aerospace']
    const other = loser === owner ? colleague : owner
    await waitFor(async () => (await loser.locator('[data-testid=lost-industry]').count()) === 1, 'the loser to be told', { timeoutMs: 20_000, intervalMs: 100 })
    expect(await loser.locator('[data-testid=lost-industry] p').innerText()).toMatch(new RegExp(`Your value ${mine} was replaced at the same moment by .*'s ${theirs}`))
    expect(await other.locator('[data-testid=lost-industry]').count()).toBe(0)
    await loser.locator('[data-field=field-industry]').scrollIntoViewIfNeeded()
    await loser.screenshot({ path: join(SHOTS, 'record-lost-write.png') })

    await loser.locator('[data-testid=lost-industry]').getByRole('button', { name: 'Use mine' }).click()
    await expect.poll(() => other.locator('#field-industry').inputValue(), SLOW).toBe(mine)
    expect(await loser.locator('[data-testid=lost-industry]').count()).toBe(0)
  })

  test('a choice field shows its stored value when the page opens, and a colleague\'s change of it', async () => {
    // The document is in the replica before the form is drawn, so the value comes before the options.
    expect(await owner.locator('#field-type').inputValue()).toBe(DEMO_ACCOUNT_FIELDS.type)
    expect(await colleague.locator('#field-type').inputValue()).toBe(DEMO_ACCOUNT_FIELDS.type)
    await owner.locator('#field-type').selectOption('partner')
    await expect.poll(() => colleague.locator('#field-type').inputValue(), SLOW).toBe('partner')
    await owner.locator('#field-type').selectOption(DEMO_ACCOUNT_FIELDS.type)
    await expect.poll(() => colleague.locator('#field-type').inputValue(), SLOW).toBe(DEMO_ACCOUNT_FIELDS.type)
  })

  test('a case opened from the account shows, before anything is saved, its customer, owner and starting priority and status; its first edit saves it, linked to the account', async () => {
    const accountTitle = await owner.locator('#record-title').innerText()
    await owner.locator('[data-testid=related-cases]').getByRole('button', { name: 'New case' }).click()
    await expect.poll(() => owner.url(), SLOW).toMatch(/\/cases\/.+new=1/)
    await expect.poll(() => owner.locator('#field-customerId').inputValue(), SLOW).toBe(accountTitle)
    expect(await owner.locator('#field-priority').inputValue()).toBe('normal')
    expect(await owner.locator('#field-statusReason').inputValue()).toBe('in-progress')
    expect(await owner.locator('#field-ownerId').evaluate((select) => (select as HTMLSelectElement).selectedOptions[0]?.text)).toBe('Demo User')
    expect(await owner.locator('.record__meta').innerText()).toMatch(/Owner: Demo User \(you\)/)
    expect(await owner.getByText('Not saved yet').count()).toBe(1)

    await owner.locator('#field-title').fill('Bearings rattle at speed')
    await owner.locator('#field-title').press('Enter')
    await expect.poll(() => owner.getByText('Not saved yet').count(), SLOW).toBe(0)
    await owner.goBack()
    await expect.poll(() => owner.locator('[data-testid=related-cases]').innerText(), SLOW).toMatch(/CAS-\d{6}\s*Bearings rattle at speed[\s\S]*Normal/)
    await expect.poll(() => colleague.locator('[data-testid=related-cases]').innerText(), SLOW).toMatch(/Bearings rattle at speed/)
  })

  test('a case opened from the Cases list says at the customer field that it is required once the case is saved without one', async () => {
    const back = owner.url()
    await owner.goto(`${url}/#/${DEMO_WORKSPACE_ID}/cases/${uuidv7()}?new=1`)
    await expect.poll(() => owner.locator('#field-title').count(), SLOW).toBe(1)
    expect(await owner.locator('[data-field=field-customerId] .field__error').count()).toBe(0)
    await owner.locator('#field-title').fill('Who is this for?')
    await owner.locator('#field-title').press('Enter')
    await expect.poll(() => owner.locator('[data-field=field-customerId] .field__error').innerText().catch(() => ''), SLOW).toBe('Customer is required')
    await owner.goto(back)
    await expect.poll(() => owner.locator('#field-name').count(), SLOW).toBe(1)
  })

  test('nothing went wrong in either page: no console errors, uncaught exceptions or failed requests', () => {
    expect(problems.flatMap((p) => p.list)).toEqual([])
  })
})
