/**
 * A case: a customer service issue a customer (an account or a contact) reports, and the work to
 * resolve it. The server numbers it and owns its status: Resolve and Reopen are commands
 * (server/domain/case-commands.ts) that record the resolution. Contracts and entitlements join later
 * as further fields (`contractId`), with no change to what is here.
 */
import { defineRecordType } from '../schema/record-type'

export const CASE_TYPES = ['question', 'problem', 'request'] as const
export const CASE_PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const
export const CASE_STATUSES = ['active', 'resolved', 'cancelled'] as const
export const CASE_STATUS_REASONS = [
  'in-progress', 'on-hold', 'waiting-for-details', 'researching', 'problem-solved', 'information-provided', 'cancelled', 'merged',
] as const
export const CASE_ORIGINS = ['phone', 'email', 'web', 'in-person'] as const
export const CUSTOMER_TYPES = ['account', 'contact'] as const

export const serviceCase = defineRecordType({
  type: 'case',
  path: 'cases',
  label: 'Case',
  pluralLabel: 'Cases',
  version: 1,
  titleFields: ['title'],
  sections: ['Summary', 'Details', 'Resolution', 'System'],
  fields: {
    title: { kind: 'string', label: 'Case title', required: true, max: 200, search: 'name', list: true, section: 'Summary' },
    caseNumber: { kind: 'string', label: 'Case number', writer: 'server', max: 40, search: 'name', list: true, section: 'Summary' },
    customerType: { kind: 'record-type', label: 'Customer type', required: true, values: CUSTOMER_TYPES, section: 'Summary' },
    customerId: { kind: 'reference', label: 'Customer', required: true, refTypes: CUSTOMER_TYPES, typeField: 'customerType', list: true, section: 'Summary' },
    caseType: { kind: 'enum', label: 'Case type', values: CASE_TYPES, list: true, section: 'Details' },
    priority: { kind: 'enum', label: 'Priority', values: CASE_PRIORITIES, list: true, section: 'Details', initial: 'normal' },
    status: { kind: 'enum', label: 'Status', values: CASE_STATUSES, writer: 'server', list: true, section: 'Summary',
      help: 'Changed by the Resolve and Reopen commands.' },
    statusReason: { kind: 'enum', label: 'Status reason', values: CASE_STATUS_REASONS, list: true, section: 'Details', initial: 'in-progress' },
    origin: { kind: 'enum', label: 'Origin', values: CASE_ORIGINS, list: true, section: 'Details' },
    description: { kind: 'text', label: 'Description', search: 'text', section: 'Details' },
    resolution: { kind: 'string', label: 'Resolution', writer: 'server', max: 2000, section: 'Resolution' },
    timeSpentMinutes: { kind: 'integer', label: 'Time spent (minutes)', writer: 'server', min: 0, section: 'Resolution' },
    resolvedAt: { kind: 'datetime', label: 'Resolved at', writer: 'server', list: true, section: 'Resolution' },
  },
})
