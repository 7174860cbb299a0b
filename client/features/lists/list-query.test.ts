import { describe, expect, test } from 'vitest'
import { account } from '../../../shared/records/account'
import { serviceCase } from '../../../shared/records/case'
import { contact } from '../../../shared/records/contact'
import { relationshipRole } from '../../../shared/records/relationship-role'
import { cellText, defaultColumnKeys, listColumns, type CellContext } from './list-columns'
import { applyFilters, filterOps, nextSort, sortRows } from './list-query'
import { testRow } from './list-test-rows'

const context: CellContext = { userName: (id) => (id === 'u1' ? 'Dana Demo' : undefined) }
const columns = listColumns(account)
const column = (key: string) => columns.find((c) => c.key === key)!

const contoso = testRow('account', { name: 'Contoso', type: 'customer', employees: 120, billingCity: 'Seattle', parentAccountId: 'p1' }, { refTitles: { p1: 'Contoso Holdings' } })
const fabrikam = testRow('account', { name: 'Fabrikam', type: 'vendor', employees: 9 })
const adatum = testRow('account', { name: 'Adatum', type: 'customer', employees: 4000, billingCity: 'Zürich' })
const rows = [adatum, contoso, fabrikam] // the catalog's order: by title

describe('list columns', () => {
  test('are the schema\'s list fields; the defaults start with the title fields and leave the owner out', () => {
    expect(columns.map((c) => c.key)).toContain('annualRevenue')
    expect(columns.map((c) => c.key)).not.toContain('description')
    expect(defaultColumnKeys(contact)).toEqual(['firstName', 'lastName', 'jobTitle', 'accountId', 'email'])
    expect(defaultColumnKeys(account)[0]).toBe('name')
  })

  test('a reference cell shows the referenced record\'s title, an owner the person\'s name, an enum its words', () => {
    expect(cellText(contoso, column('parentAccountId'), context)).toBe('Contoso Holdings')
    expect(cellText(testRow('account', { name: 'X', ownerId: 'u1' }), column('ownerId'), context)).toBe('Dana Demo')
    const caseRow = testRow('case', { title: 'Broken', statusReason: 'waiting-for-details' })
    expect(cellText(caseRow, listColumns(serviceCase).find((c) => c.key === 'statusReason')!, context)).toBe('Waiting for details')
    expect(cellText(fabrikam, column('billingCity'), context)).toBe('')
  })

  test('a reference the row has no title for shows the local catalog\'s title, or its own title when it points at itself', () => {
    const role = listColumns(relationshipRole).find((c) => c.key === 'reciprocalRoleId')!
    const colleague = testRow('relationship-role', { name: 'Colleague' })
    colleague.fields.reciprocalRoleId = colleague.id
    expect(cellText(colleague, role, context)).toBe('Colleague')
    const supplier = testRow('relationship-role', { name: 'Supplier', reciprocalRoleId: 'c1' })
    expect(cellText(supplier, role, { ...context, recordTitle: (id) => (id === 'c1' ? 'Customer' : undefined) })).toBe('Customer')
    expect(cellText(supplier, role, context)).toBe('Unknown record')
  })
})

describe('filters', () => {
  test('an enum filter keeps the rows with that value; a text filter those whose cell contains the text, accents ignored', () => {
    expect(applyFilters(rows, [{ key: 'type', op: 'is', value: 'customer' }], columns, context)).toEqual([adatum, contoso])
    expect(applyFilters(rows, [{ key: 'billingCity', op: 'contains', value: 'zur' }], columns, context)).toEqual([adatum])
    expect(applyFilters(rows, [{ key: 'parentAccountId', op: 'contains', value: 'holdings' }], columns, context)).toEqual([contoso])
  })

  test('filters combine; empty and not-empty look at what the cell shows', () => {
    expect(applyFilters(rows, [{ key: 'billingCity', op: 'empty', value: '' }], columns, context)).toEqual([fabrikam])
    expect(applyFilters(rows, [{ key: 'type', op: 'is', value: 'customer' }, { key: 'billingCity', op: 'not-empty', value: '' }, { key: 'billingCity', op: 'contains', value: 'sea' }], columns, context)).toEqual([contoso])
  })

  test('a filter with no value yet, or on a column the schema does not list, keeps every row', () => {
    expect(applyFilters(rows, [{ key: 'type', op: 'is', value: '' }, { key: 'description', op: 'contains', value: 'x' }], columns, context)).toBe(rows)
  })

  test('enums are picked, text is typed', () => {
    expect(filterOps(column('type'))).toEqual(['is', 'empty', 'not-empty'])
    expect(filterOps(column('billingCity'))).toEqual(['contains', 'empty', 'not-empty'])
  })
})

describe('sort', () => {
  test('numbers sort as numbers, both ways, with empty values last either way', () => {
    const noCount = testRow('account', { name: 'Blank' })
    const all = [...rows, noCount]
    expect(sortRows(all, { key: 'employees', direction: 'asc' }, columns, context).map((r) => r.title)).toEqual(['Fabrikam', 'Contoso', 'Adatum', 'Blank'])
    expect(sortRows(all, { key: 'employees', direction: 'desc' }, columns, context).map((r) => r.title)).toEqual(['Adatum', 'Contoso', 'Fabrikam', 'Blank'])
  })

  test('text sorts folded, and rows with equal values keep the catalog\'s order', () => {
    expect(sortRows(rows, { key: 'type', direction: 'asc' }, columns, context).map((r) => r.title)).toEqual(['Adatum', 'Contoso', 'Fabrikam'])
    expect(sortRows(rows, { key: 'billingCity', direction: 'desc' }, columns, context).map((r) => r.title)).toEqual(['Adatum', 'Contoso', 'Fabrikam'])
  })

  test('no sort, or a sort on an unknown column, leaves the rows as they are', () => {
    expect(sortRows(rows, null, columns, context)).toBe(rows)
    expect(sortRows(rows, { key: 'nope', direction: 'asc' }, columns, context)).toBe(rows)
  })

  test('clicking a header sorts ascending, then descending, then not at all', () => {
    const first = nextSort(null, 'name')
    expect(first).toEqual({ key: 'name', direction: 'asc' })
    expect(nextSort(first, 'name')).toEqual({ key: 'name', direction: 'desc' })
    expect(nextSort({ key: 'name', direction: 'desc' }, 'name')).toBeNull()
    expect(nextSort({ key: 'name', direction: 'desc' }, 'type')).toEqual({ key: 'type', direction: 'asc' })
  })
})
