/**
 * Issue 5, acceptance 6: the live account-planning session. Owner and colleague open the same
 * account's plan ("Plan with the team") in two browser contexts, add goals and action items at the
 * same moment, and both see all of them, with the colleague's avatar and the item they are in; the
 * stakeholder map offers the account's contacts with their relationship roles; an action item made
 * into an activity shows in the account's activities. Screenshot: e2e/screenshots/planning.png.
 * Then, with the same two people, a saved view: the owner saves a list's search as a view shared
 * with the workspace, and the colleague picks it from their own list and gets the same rows.
 *
 * The client is built into a temporary directory (CLIENT_DIR), so the shared dist/ is left alone.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID } from '../shared/demo'
import { ownerAndColleague, type Person } from './support/accounts'
import { launchChromium, signedInContext, watchPageProblems, type PageProblems } from './support/chromium'
import { startAppServer } from './support/client-build'
import { killServerProcesses, REPO_ROOT, type ServerProcess } from './support/server-process'
import { removeTempDirs } from './support/temp-dir'

const SHOTS = join(REPO_ROOT, 'e2e/screenshots')
const SLOW = { timeout: 20_000 }

let server: ServerProcess
let url: string
let browser: Browser
let owner: Page
let colleague: Page
let ownerPerson: Person
let planUrl = ''
const problems: PageProblems[] = []

async function api(as: Person, method: string, path: string, body?: unknown): Promise<{ id: string; items?: Array<{ id: string; title: string }> }> {
  const res = await fetch(`${url}/api/v1/${DEMO_WORKSPACE_ID}/${path}`, {
    method, headers: { 'content-type': 'application/json', cookie: as.cookie, origin: url }, ...(body ? { body: JSON.stringify(body) } : {}),
  })
  if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`)
  return (await res.json()) as { id: string }
}

async function openAccount(person: Person): Promise<Page> {
  const context = await signedInContext(browser, person, url, { width: 1280, height: 1500 })
  // Lets the test hold the plan's socket (plan-page.tsx) to edit at the same moment on purpose.
  await context.addInitScript(() => localStorage.setItem('tandem.debug', '1'))
  const page = await context.newPage()
  problems.push(watchPageProblems(page))
  await page.goto(`${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`)
  await page.locator('[data-testid=plan-with-team]').waitFor({ timeout: 30_000 })
  return page
}

/** Adds an item through the section's add box, as typed. */
async function addItem(page: Page, section: string, text: string): Promise<void> {
  const box = page.locator(`[data-testid=plan-${section}] .plan__add input`)
  await box.fill(text)
  await box.press('Enter')
}

/** The item of a section whose text is `text` (inputs hold their value as a property, not an attribute). */
async function itemWithText(page: Page, section: string, text: string) {
  const id = await page.locator(`[data-testid=plan-${section}] .plan__item`).evaluateAll((els, wanted) =>
    (els as HTMLElement[]).find((el) => (el.querySelector('.plan__text input') as HTMLInputElement | null)?.value === wanted)?.dataset.item, text)
  if (!id) throw new Error(`no item "${text}" in ${section}`)
  return page.locator(`[data-testid=plan-${section}] [data-item="${id}"]`)
}

const itemTexts = (page: Page, section: string) =>
  page.locator(`[data-testid=plan-${section}] .plan__item .plan__text input[aria-label]:not([aria-label=Mitigation])`).evaluateAll((els) => els.map((el) => (el as HTMLInputElement).value).sort())

beforeAll(async () => {
  ;({ server, url } = await startAppServer('planning'))
  const people = await ownerAndColleague(url, server)
  ownerPerson = people.owner
  const colleaguePerson = people.colleague
  // A contact of the account, the decision maker for it: the stakeholder map starts from these.
  const irene = await api(ownerPerson, 'POST', 'contacts', { firstName: 'Irene', lastName: 'Novak', jobTitle: 'Head of operations', accountId: DEMO_ACCOUNT_ID })
  const roles = await api(ownerPerson, 'GET', 'relationship-roles?limit=100')
  const decisionMaker = roles.items!.find((r) => r.title === 'Decision maker')!.id
  await api(ownerPerson, 'POST', 'relationships', { fromType: 'contact', fromId: irene.id, fromRoleId: decisionMaker, toType: 'account', toId: DEMO_ACCOUNT_ID })
  mkdirSync(SHOTS, { recursive: true })
  browser = await launchChromium()
  owner = await openAccount(ownerPerson)
  colleague = await openAccount(colleaguePerson)
}, 300_000)

afterAll(async () => {
  await browser?.close()
  await killServerProcesses()
  removeTempDirs()
})

describe('a live account-planning session with two people', () => {
  test('"Plan with the team" makes the account\'s plan once, and the colleague\'s button opens the same plan', async () => {
    await owner.locator('[data-testid=plan-with-team]').click()
    await owner.locator('[data-testid=plan-page]').waitFor({ timeout: 20_000 })
    planUrl = owner.url()
    expect(planUrl).toMatch(/#\/demo\/account-plans\/[0-9a-f-]{36}$/)
    await expect.poll(() => owner.locator('#plan-title').innerText(), SLOW).toBe('Contoso Ltd plan')
    // Saved on the server before the colleague asks for it.
    await expect.poll(async () => (await api(ownerPerson, 'GET', `account-plans?accountId=${DEMO_ACCOUNT_ID}`)).items!.length, SLOW).toBe(1)
    await colleague.locator('[data-testid=plan-with-team]').click()
    await colleague.locator('[data-testid=plan-page]').waitFor({ timeout: 20_000 })
    expect(colleague.url()).toBe(planUrl)
    await expect.poll(() => owner.locator('[data-testid=avatars] li').count(), SLOW).toBe(1)
  })

  test('goals and action items added at the same moment by both show on both pages', async () => {
    await Promise.all([
      (async () => {
        await addItem(owner, 'goals', 'Renew the framework contract for 3 years')
        await addItem(owner, 'actions', 'Send the renewal proposal')
      })(),
      (async () => {
        await addItem(colleague, 'goals', 'Expand to the Lyon plant')
        await addItem(colleague, 'actions', 'Book a site visit in Lyon')
      })(),
    ])
    const goals = ['Expand to the Lyon plant', 'Renew the framework contract for 3 years']
    const actions = ['Book a site visit in Lyon', 'Send the renewal proposal']
    for (const page of [owner, colleague]) {
      await expect.poll(() => itemTexts(page, 'goals'), SLOW).toEqual(goals)
      await expect.poll(() => itemTexts(page, 'actions'), SLOW).toEqual(actions)
    }
    // Both at once on one goal: the owner ticks it done while the colleague rewords it.
    const [ownersGoal, colleaguesGoal] = [await itemWithText(owner, 'goals', 'Expand to the Lyon plant'), await itemWithText(colleague, 'goals', 'Expand to the Lyon plant')]
    await Promise.all([
      ownersGoal.locator('input[type=checkbox]').check(),
      colleaguesGoal.locator('.plan__text input').fill('Expand to the Lyon and Turin plants'),
    ])
    for (const page of [owner, colleague]) {
      await expect.poll(() => itemTexts(page, 'goals'), SLOW).toEqual(['Expand to the Lyon and Turin plants', 'Renew the framework contract for 3 years'])
      await expect.poll(() => page.locator('[data-testid=plan-goals] input[type=checkbox]:checked').count(), SLOW).toBe(1)
    }
  })

  test('goals and action items added while the colleague\'s plan socket is held merge with the owner\'s when it reconnects', async () => {
    type Handle = { tandemPlan: { disconnect(): void; connect(): void } }
    await colleague.evaluate(() => (window as unknown as Handle).tandemPlan.disconnect())
    await addItem(colleague, 'goals', 'Win the service contract')
    await addItem(colleague, 'actions', 'Draft the service offer')
    await addItem(owner, 'goals', 'Get a reference quote from Contoso')
    // Not sent: the owner does not see the colleague's goal meanwhile.
    await expect.poll(() => itemTexts(owner, 'goals'), SLOW).toContain('Get a reference quote from Contoso')
    expect(await itemTexts(owner, 'goals')).not.toContain('Win the service contract')
    await colleague.evaluate(() => (window as unknown as Handle).tandemPlan.connect())
    for (const page of [owner, colleague]) {
      await expect.poll(() => itemTexts(page, 'goals'), SLOW).toEqual(['Expand to the Lyon and Turin plants', 'Get a reference quote from Contoso', 'Renew the framework contract for 3 years', 'Win the service contract'])
      await expect.poll(() => itemTexts(page, 'actions'), SLOW).toEqual(['Book a site visit in Lyon', 'Draft the service offer', 'Send the renewal proposal'])
    }
  })

  test('undo on the plan takes back only my own last item, not a colleague\'s', async () => {
    const before = await itemTexts(owner, 'goals')
    await addItem(colleague, 'goals', 'A goal added by mistake')
    await addItem(owner, 'goals', 'Keep the Lyon plant on the list')
    await expect.poll(() => itemTexts(owner, 'goals'), SLOW).toContain('A goal added by mistake')
    await colleague.locator('[data-testid=plan-goals] .plan__add input').press('Control+z')
    for (const page of [owner, colleague]) {
      await expect.poll(() => itemTexts(page, 'goals'), SLOW).toEqual([...before, 'Keep the Lyon plant on the list'].sort())
    }
    await owner.locator('[data-testid=plan-goals] .plan__add input').press('Control+z')
    await expect.poll(() => itemTexts(colleague, 'goals'), SLOW).toEqual(before)
  })

  test('the stakeholder map offers the account\'s contacts with their roles, and influence and stance show to both', async () => {
    const picker = owner.locator('[data-testid=add-stakeholder]')
    await expect.poll(() => picker.locator('option').allInnerTexts(), SLOW).toContain('Irene Novak · Head of operations')
    // Related to the account by a relationship (its account manager), though at another company.
    expect((await picker.locator('option').allInnerTexts()).some((o) => o.startsWith('Maria Campbell'))).toBe(true)
    await picker.selectOption({ label: 'Irene Novak · Head of operations' })
    const row = (page: Page) => page.locator('[data-testid=plan-stakeholders] .plan__item')
    await expect.poll(() => row(colleague).locator('.plan__who').innerText(), SLOW).toMatch(/Irene Novak\s+Decision maker \(with Contoso Ltd\)/)
    await row(colleague).locator('select[aria-label=Stance]').selectOption('champion')
    await row(owner).locator('select[aria-label=Influence]').selectOption('high')
    await expect.poll(() => row(owner).locator('select[aria-label=Stance]').inputValue(), SLOW).toBe('champion')
    await expect.poll(() => row(colleague).locator('select[aria-label=Influence]').inputValue(), SLOW).toBe('high')
  })

  test('notes are co-edited live, and the item a colleague is in is marked with their name', async () => {
    await owner.locator('#plan-notes').click()
    await owner.keyboard.type('Renewal talks start in January.')
    await expect.poll(() => colleague.locator('#plan-notes').inputValue(), SLOW).toBe('Renewal talks start in January.')
    await addItem(colleague, 'risks', 'A competitor undercuts on price')
    await expect.poll(() => itemTexts(owner, 'risks'), SLOW).toEqual(['A competitor undercuts on price'])
    await colleague.locator('[data-testid=plan-risks] .plan__item input[aria-label=Mitigation]').click()
    await expect.poll(() => owner.locator('[data-testid=plan-risks] [data-testid=item-marker]').innerText(), SLOW).toBe('Cora Colleague')
    await expect.poll(() => owner.locator('[data-testid=avatars] li').getAttribute('title'), SLOW).toBe('Cora Colleague · editing Risks: A competitor undercuts on price')
  })

  test('an action item made into an activity links it in the item and shows in the account\'s activities', async () => {
    const item = await itemWithText(owner, 'actions', 'Send the renewal proposal')
    await item.locator('input[type=date]').fill('2026-12-15')
    await item.getByRole('button', { name: 'Make activity' }).click()
    const colleagueItem = await itemWithText(colleague, 'actions', 'Send the renewal proposal')
    await expect.poll(() => colleagueItem.locator('[data-testid=action-activity]').count(), SLOW).toBe(1)
    await colleague.locator('#plan-notes').click()
    await owner.evaluate(() => window.scrollTo(0, 0))
    await owner.screenshot({ path: join(SHOTS, 'planning.png'), fullPage: true })

    // On the server: a task regarding the account, due that day, owned by the owner.
    await expect.poll(async () => (await api(ownerPerson, 'GET', `accounts/${DEMO_ACCOUNT_ID}/activities`)).items!.map((a) => a.title), SLOW)
      .toContain('Send the renewal proposal')
    await owner.goto(`${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`)
    await expect.poll(() => owner.locator('[data-testid=related-activities]').innerText().catch(() => ''), SLOW).toContain('Send the renewal proposal')
    await owner.locator('[data-testid=related-activities]').scrollIntoViewIfNeeded()
    await owner.screenshot({ path: join(SHOTS, 'planning-activity-on-account.png') })
  })

  test('a second plan made for the account at the same time says the team uses the older one and links to it', async () => {
    // As if made offline by someone else at the same moment: a newer plan for the same account.
    const second = await api(ownerPerson, 'POST', 'account-plans', { name: 'Contoso plan (made offline)', accountId: DEMO_ACCOUNT_ID })
    await colleague.goto(`${url}/#/${DEMO_WORKSPACE_ID}/account-plans/${second.id}`)
    const notice = colleague.locator('[data-testid=plan-duplicate]')
    await expect.poll(() => notice.innerText().catch(() => ''), SLOW).toMatch(/Two plans were made for Contoso Ltd at the same time .* The team uses the older one/)
    await notice.getByRole('link', { name: 'Open the team\'s plan' }).click()
    await expect.poll(() => colleague.url(), SLOW).toBe(planUrl)
    await expect.poll(() => itemTexts(colleague, 'goals'), SLOW).toContain('Win the service contract')
    // "Plan with the team" keeps opening the older plan.
    await colleague.goto(`${url}/#/${DEMO_WORKSPACE_ID}/accounts/${DEMO_ACCOUNT_ID}`)
    await colleague.locator('[data-testid=plan-with-team]').click()
    await expect.poll(() => colleague.url(), SLOW).toBe(planUrl)
  })

  test('a list view the owner saves shows in the colleague\'s list of views and applies the same search there', async () => {
    await owner.goto(`${url}/#/${DEMO_WORKSPACE_ID}/contacts`)
    await colleague.goto(`${url}/#/${DEMO_WORKSPACE_ID}/contacts`)
    await owner.locator('[data-testid=list-search]').fill('novak')
    await expect.poll(() => owner.locator('[data-testid=list-count]').innerText(), SLOW).toMatch(/^1 of \d+ contacts$/)
    await owner.locator('[data-testid=save-view]').click()
    await owner.getByLabel('Name of the view').fill('Operations at Contoso')
    await owner.getByLabel('Name of the view').press('Enter')
    const picker = colleague.locator('[data-testid=saved-views]')
    await expect.poll(() => picker.locator('option').allInnerTexts(), SLOW).toContain('Operations at Contoso')
    await picker.selectOption({ label: 'Operations at Contoso' })
    expect(await colleague.locator('[data-testid=list-search]').inputValue()).toBe('novak')
    await expect.poll(() => colleague.locator('[data-testid=list-count]').innerText(), SLOW).toMatch(/^1 of \d+ contacts$/)
    await colleague.screenshot({ path: join(SHOTS, 'saved-view.png') })
  })

  test('neither page logged an error', () => {
    expect(problems.flatMap((p) => p.list)).toEqual([])
  })
})
