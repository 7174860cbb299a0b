import { describe, expect, test } from 'vitest'
import { testRow } from '../lists/list-test-rows'
import { searchIndex } from '../lists/list-search'
import { allCommands, localMatches, matchingCommands, mergeResults } from './palette-model'

const contoso = testRow('account', { name: 'Contoso Ltd' })
const maria = testRow('contact', { firstName: 'María', lastName: 'Contreras', accountId: contoso.id }, { accountId: contoso.id, refTitles: { [contoso.id]: 'Contoso Ltd' } })
const acme = testRow('account', { name: 'Acme Contoso Partners' })
const bigCase = testRow('case', { title: 'Printer jam at Contoso' }, { pending: true })
const index = searchIndex([acme, contoso, maria, bigCase]) // the catalog's order: by title

describe('local matches', () => {
  test('rank a title that starts with the query first, then a title word, then a title containing it; every type is searched', () => {
    const items = localMatches('demo', index, 'conto', 10)
    expect(items.map((i) => i.label)).toEqual(['Contoso Ltd', 'Acme Contoso Partners', 'Printer jam at Contoso'])
    expect(localMatches('demo', index, 'maria con', 10).map((i) => i.label)).toEqual(['María Contreras'])
  })

  test('an item opens the record page and says its type, its account and whether it is synced', () => {
    const [item] = localMatches('demo', index, 'maria', 10)
    expect(item).toEqual({ key: maria.id, kind: 'record', label: 'María Contreras', detail: 'Contact · Contoso Ltd', to: `#/demo/contacts/${maria.id}` })
    expect(localMatches('demo', index, 'printer', 10)[0]).toMatchObject({ to: `#/demo/cases/${bigCase.id}`, pending: true })
  })

  test('an empty query finds nothing, and no more than the limit comes back', () => {
    expect(localMatches('demo', index, '  ', 10)).toEqual([])
    expect(localMatches('demo', index, 'o', 2)).toHaveLength(2)
  })
})

test('server hits join after the local items, without the records already shown, up to the limit', () => {
  const local = localMatches('demo', index, 'contoso ltd', 10)
  const merged = mergeResults('demo', local, [
    { id: contoso.id, type: 'account', path: 'accounts', title: 'Contoso Ltd (server)' },
    { id: 'x1', type: 'contact', path: 'contacts', title: 'Yvonne McKay', subtitle: 'Contoso Ltd' },
    { id: 'x2', type: 'case', path: 'cases', title: '' },
  ], 3)
  expect(merged.map((i) => [i.label, i.detail, i.to])).toEqual([
    ['Contoso Ltd', 'Account', `#/demo/accounts/${contoso.id}`],
    ['Yvonne McKay', 'Contact · Contoso Ltd', '#/demo/contacts/x1'],
    ['Untitled case', 'Case', '#/demo/cases/x2'],
  ])
  expect(mergeResults('demo', local, [{ id: 'x1', type: 'contact', path: 'contacts', title: 'Y' }], 1)).toHaveLength(1)
})

describe('commands', () => {
  test('"new acc" finds New account, "go cas" finds Go to Cases; both open their routes', () => {
    const commands = allCommands('demo', { canWrite: true, canManage: false })
    expect(matchingCommands(commands, 'new acc').map((c) => [c.label, c.to])).toEqual([['New account', '#/demo/accounts/new']])
    expect(matchingCommands(commands, 'go cas').map((c) => [c.label, c.to])).toEqual([['Go to Cases', '#/demo/cases']])
  })

  test('a viewer is offered no New commands; an admin manages members', () => {
    expect(allCommands('demo', { canWrite: false, canManage: false }).some((c) => c.label.startsWith('New'))).toBe(false)
    expect(allCommands('demo', { canWrite: true, canManage: true }).map((c) => c.label)).toContain('Manage members')
  })
})
