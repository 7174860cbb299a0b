/**
 * The demo workspace's records: a small, believable book of business around Contoso (the account
 * every fresh server has), with contacts, a primary contact per account, a parent company,
 * relationships with catalog roles, cases and activities. Ids are derived (seed-ids.ts), so the
 * set is the same on every server and records can name each other before they exist. Dates are
 * relative to when it is seeded, so the appointments and due dates look current. Given an owner (the
 * demo user, when the server has one), every record is theirs, as records made in the app are their
 * creator's.
 */
import { DEMO_ACCOUNT_DESCRIPTION, DEMO_ACCOUNT_FIELDS, DEMO_ACCOUNT_ID } from '../../shared/demo'
import { catalogRoleId } from './seed-workspace'
import { seedId } from './seed-ids'
import type { SeedRecord } from './seed-records'

const DAY_MS = 24 * 3600 * 1000

export function demoRecords(workspaceId: string, now = Date.now(), ownerId?: string): SeedRecord[] {
  let position = 1000
  const id = (key: string) => (key === 'contoso' ? DEMO_ACCOUNT_ID : seedId(workspaceId, `demo:${key}`, position++))
  const ids = new Map<string, string>()
  const ref = (key: string) => {
    if (!ids.has(key)) ids.set(key, id(key))
    return ids.get(key)!
  }
  const role = (key: string) => catalogRoleId(workspaceId, key)
  const at = (days: number, hour = 10) => new Date(Math.floor((now + days * DAY_MS) / DAY_MS) * DAY_MS + hour * 3600 * 1000).toISOString()

  const accounts: SeedRecord[] = [
    { type: 'account', id: ref('contoso'), fields: { ...DEMO_ACCOUNT_FIELDS, billingCity: 'Redmond', billingCountry: 'United States', employees: 1200, annualRevenue: 185_000_000, currency: 'USD' }, texts: { description: DEMO_ACCOUNT_DESCRIPTION } },
    { type: 'account', id: ref('contoso-europe'), fields: { name: 'Contoso Europe GmbH', accountNumber: 'ACC-0002', type: 'customer', industry: 'Manufacturing', parentAccountId: ref('contoso'), phone: '+49 89 555 0140', billingCity: 'München', billingCountry: 'Germany', currency: 'EUR' }, texts: { description: 'Contoso\'s European plant and sales office.' } },
    { type: 'account', id: ref('fabrikam'), fields: { name: 'Fabrikam, Inc.', accountNumber: 'ACC-0003', type: 'vendor', industry: 'Electronics', website: 'https://fabrikam.example', phone: '+1 206 555 0150', email: 'sales@fabrikam.example', billingCity: 'Seattle', billingCountry: 'United States' } },
    { type: 'account', id: ref('adventure-works'), fields: { name: 'Adventure Works Cycles', accountNumber: 'ACC-0004', type: 'customer', industry: 'Retail', website: 'https://adventure-works.example', phone: '+1 503 555 0175', billingCity: 'Portland', billingCountry: 'United States', employees: 85 } },
    { type: 'account', id: ref('northwind'), fields: { name: 'Northwind Traders', accountNumber: 'ACC-0005', type: 'partner', industry: 'Distribution', phone: '+44 20 7946 0958', billingCity: 'London', billingCountry: 'United Kingdom', currency: 'GBP' } },
    { type: 'account', id: ref('litware'), fields: { name: 'Litware, Inc.', accountNumber: 'ACC-0006', type: 'competitor', industry: 'Manufacturing', website: 'https://litware.example' } },
  ]
  const contacts: SeedRecord[] = [
    { type: 'contact', id: ref('yvonne'), fields: { firstName: 'Yvonne', lastName: 'McKay', jobTitle: 'Purchasing manager', accountId: ref('contoso'), email: 'yvonne.mckay@contoso.example', businessPhone: '+1 425 555 0101', preferredContactMethod: 'email', city: 'Redmond', country: 'United States' }, texts: { notes: 'Prefers email; reviews suppliers every quarter.' } },
    { type: 'contact', id: ref('dan'), fields: { firstName: 'Dan', lastName: 'Park', jobTitle: 'Plant engineer', accountId: ref('contoso'), email: 'dan.park@contoso.example', mobilePhone: '+1 425 555 0199' } },
    { type: 'contact', id: ref('sofia'), fields: { firstName: 'Sofía', lastName: 'López', jobTitle: 'Operations director', accountId: ref('contoso-europe'), email: 'sofia.lopez@contoso-europe.example', businessPhone: '+49 89 555 0141', city: 'München', country: 'Germany' } },
    { type: 'contact', id: ref('maria'), fields: { firstName: 'Maria', lastName: 'Campbell', jobTitle: 'Account executive', accountId: ref('fabrikam'), email: 'maria.campbell@fabrikam.example', businessPhone: '+1 206 555 0151' } },
    { type: 'contact', id: ref('nancy'), fields: { firstName: 'Nancy', lastName: 'Anderson', jobTitle: 'Owner', accountId: ref('adventure-works'), email: 'nancy@adventure-works.example', mobilePhone: '+1 503 555 0176', preferredContactMethod: 'phone' } },
    { type: 'contact', id: ref('paul'), fields: { firstName: 'Paul', lastName: 'Cannon', jobTitle: 'Partner manager', accountId: ref('northwind'), email: 'paul.cannon@northwind.example', businessPhone: '+44 20 7946 0959' } },
    { type: 'contact', id: ref('jose'), fields: { firstName: 'José', lastName: 'Álvarez', jobTitle: 'Field technician', accountId: ref('contoso'), mobilePhone: '+1 425 555 0123' } },
  ]
  // Primary contacts go on last, once their contacts exist (the rule would otherwise wait a grace period).
  const primaries: SeedRecord[] = [
    ['contoso', 'yvonne'], ['contoso-europe', 'sofia'], ['fabrikam', 'maria'], ['adventure-works', 'nancy'], ['northwind', 'paul'],
  ].map(([account, contact]) => ({ type: 'account', id: ref(account!), fields: { primaryContactId: ref(contact!) } }))
  const link = (key: string, from: [string, 'account' | 'contact', string], to: [string, 'account' | 'contact', string], description: string, startDate?: string): SeedRecord => ({
    type: 'relationship', id: ref(key),
    fields: { fromType: from[1], fromId: ref(from[0]), fromRoleId: role(from[2]), toType: to[1], toId: ref(to[0]), toRoleId: role(to[2]), description, ...(startDate ? { startDate } : {}) },
  })
  const relationships: SeedRecord[] = [
    link('rel-supply', ['fabrikam', 'account', 'supplier'], ['contoso', 'account', 'customer'], 'Fabrikam supplies sensor boards to Contoso.', '2021-03-01'),
    link('rel-parent', ['contoso', 'account', 'parent-company'], ['contoso-europe', 'account', 'subsidiary'], 'Contoso owns its European subsidiary.', '2019-07-01'),
    link('rel-partner', ['northwind', 'account', 'partner'], ['contoso', 'account', 'partner'], 'Northwind distributes Contoso parts in the UK.'),
    link('rel-competitor', ['litware', 'account', 'competitor'], ['contoso', 'account', 'competitor'], 'Litware bids against Contoso for the same customers.'),
    link('rel-colleagues', ['yvonne', 'contact', 'colleague'], ['dan', 'contact', 'colleague'], 'Both sign off on part orders.'),
    link('rel-account-manager', ['maria', 'contact', 'account-manager'], ['contoso', 'account', 'managed-account'], 'Maria handles the Contoso business at Fabrikam.'),
    link('rel-manager', ['dan', 'contact', 'manager'], ['jose', 'contact', 'employee'], 'José reports to Dan on site.'),
  ]
  const cases: SeedRecord[] = [
    { type: 'case', id: ref('case-bearings'), fields: { title: 'Bearings arrive out of tolerance', customerType: 'account', customerId: ref('contoso'), caseType: 'problem', priority: 'high', statusReason: 'researching', origin: 'email' },
      texts: { description: 'The last two shipments of 6204 bearings measured 0.02 mm over tolerance at incoming inspection.' } },
    { type: 'case', id: ref('case-quote'), fields: { title: 'Bulk pricing for the spring range', customerType: 'account', customerId: ref('adventure-works'), caseType: 'request', priority: 'normal', statusReason: 'in-progress', origin: 'phone' } },
    { type: 'case', id: ref('case-warranty'), fields: { title: 'How do I register a warranty?', customerType: 'contact', customerId: ref('nancy'), caseType: 'question', priority: 'low', statusReason: 'waiting-for-details', origin: 'web' } },
  ]
  const activities: SeedRecord[] = [
    { type: 'activity', id: ref('act-call'), fields: { kind: 'phone-call', subject: 'Call Yvonne about the bearing tolerances', regardingType: 'case', regardingId: ref('case-bearings'), startAt: at(-2, 15), status: 'completed', priority: 'high' },
      sets: { participants: [ref('yvonne')] } },
    { type: 'activity', id: ref('act-review'), fields: { kind: 'appointment', subject: 'Quarterly business review with Contoso', regardingType: 'account', regardingId: ref('contoso'), startAt: at(7, 14), endAt: at(7, 15), status: 'open', priority: 'normal' },
      sets: { participants: [ref('yvonne'), ref('dan')] } },
    { type: 'activity', id: ref('act-quote'), fields: { kind: 'task', subject: 'Send the revised quote to Adventure Works', regardingType: 'account', regardingId: ref('adventure-works'), dueAt: at(3, 17), status: 'open', priority: 'high' } },
    { type: 'activity', id: ref('act-email'), fields: { kind: 'email', subject: 'Warranty registration steps', regardingType: 'contact', regardingId: ref('nancy'), startAt: at(-1, 9), status: 'completed', priority: 'low' },
      sets: { participants: [ref('nancy')] } },
    { type: 'activity', id: ref('act-visit'), fields: { kind: 'appointment', subject: 'Plant visit in München', regardingType: 'account', regardingId: ref('contoso-europe'), startAt: at(14, 9), endAt: at(14, 12), status: 'open' },
      sets: { participants: [ref('sofia')] } },
  ]
  const owned = (record: SeedRecord): SeedRecord => (ownerId ? { ...record, fields: { ...record.fields, ownerId } } : record)
  return [...[...accounts, ...contacts].map(owned), ...primaries, ...[...relationships, ...cases, ...activities].map(owned)]
}
