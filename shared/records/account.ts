/**
 * An account: a company the organisation does business with (a customer, a prospect, a partner, a
 * vendor, a competitor). It has any number of contacts and at most one primary contact, and may sit
 * under a parent account (a hierarchy that never forms a cycle; the server breaks one, DESIGN.md §7).
 */
import { defineRecordType } from '../schema/record-type'
import { CURRENCIES } from './currencies'

export const ACCOUNT_TYPES = ['customer', 'prospect', 'partner', 'vendor', 'competitor', 'other'] as const

export const account = defineRecordType({
  type: 'account',
  path: 'accounts',
  label: 'Account',
  pluralLabel: 'Accounts',
  version: 1,
  titleFields: ['name'],
  sections: ['Summary', 'Contact details', 'Addresses', 'Company', 'System'],
  fields: {
    name: { kind: 'string', label: 'Account name', required: true, max: 160, search: 'name', list: true, section: 'Summary' },
    accountNumber: { kind: 'string', label: 'Account number', max: 40, search: 'name', list: true, section: 'Summary' },
    type: { kind: 'enum', label: 'Relationship type', values: ACCOUNT_TYPES, list: true, section: 'Summary' },
    industry: { kind: 'string', label: 'Industry', max: 80, list: true, section: 'Company' },
    website: { kind: 'url', label: 'Website', section: 'Contact details' },
    phone: { kind: 'phone', label: 'Main phone', search: 'phone', list: true, section: 'Contact details' },
    otherPhone: { kind: 'phone', label: 'Other phone', search: 'phone', section: 'Contact details' },
    email: { kind: 'email', label: 'Email', search: 'email', list: true, section: 'Contact details' },
    billingStreet: { kind: 'string', label: 'Billing street', max: 250, section: 'Addresses' },
    billingCity: { kind: 'string', label: 'Billing city', max: 80, list: true, section: 'Addresses' },
    billingState: { kind: 'string', label: 'Billing state or province', max: 80, section: 'Addresses' },
    billingPostalCode: { kind: 'string', label: 'Billing postal code', max: 20, section: 'Addresses' },
    billingCountry: { kind: 'string', label: 'Billing country', max: 80, list: true, section: 'Addresses' },
    shippingStreet: { kind: 'string', label: 'Shipping street', max: 250, section: 'Addresses' },
    shippingCity: { kind: 'string', label: 'Shipping city', max: 80, section: 'Addresses' },
    shippingState: { kind: 'string', label: 'Shipping state or province', max: 80, section: 'Addresses' },
    shippingPostalCode: { kind: 'string', label: 'Shipping postal code', max: 20, section: 'Addresses' },
    shippingCountry: { kind: 'string', label: 'Shipping country', max: 80, section: 'Addresses' },
    parentAccountId: { kind: 'reference', label: 'Parent account', refTypes: ['account'], list: true, section: 'Company' },
    primaryContactId: { kind: 'reference', label: 'Primary contact', refTypes: ['contact'], list: true, section: 'Summary',
      help: 'Must be one of this account\'s contacts; the server clears it when it stops being one.' },
    annualRevenue: { kind: 'money', label: 'Annual revenue', min: 0, list: true, section: 'Company' },
    employees: { kind: 'integer', label: 'Employees', min: 0, maxValue: 10_000_000, list: true, section: 'Company' },
    currency: { kind: 'enum', label: 'Currency', values: CURRENCIES, section: 'Company' },
    description: { kind: 'text', label: 'Description', search: 'text', section: 'Summary' },
  },
})
