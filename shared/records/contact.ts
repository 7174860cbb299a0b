/**
 * A contact: a person — someone at a customer's company, a customer in their own right, a supplier
 * or a colleague. It works for at most one account (its parent customer).
 */
import { defineRecordType } from '../schema/record-type'

export const CONTACT_METHODS = ['any', 'email', 'phone', 'mail'] as const

export const contact = defineRecordType({
  type: 'contact',
  path: 'contacts',
  label: 'Contact',
  pluralLabel: 'Contacts',
  version: 1,
  titleFields: ['firstName', 'lastName'],
  sections: ['Summary', 'Contact details', 'Address', 'Personal', 'System'],
  fields: {
    firstName: { kind: 'string', label: 'First name', max: 80, search: 'name', list: true, section: 'Summary' },
    lastName: { kind: 'string', label: 'Last name', required: true, max: 80, search: 'name', list: true, section: 'Summary' },
    jobTitle: { kind: 'string', label: 'Job title', max: 120, list: true, section: 'Summary' },
    accountId: { kind: 'reference', label: 'Account', refTypes: ['account'], list: true, section: 'Summary',
      help: 'The company this person works for (the parent customer).' },
    email: { kind: 'email', label: 'Email', search: 'email', list: true, section: 'Contact details' },
    email2: { kind: 'email', label: 'Email 2', search: 'email', section: 'Contact details' },
    email3: { kind: 'email', label: 'Email 3', search: 'email', section: 'Contact details' },
    businessPhone: { kind: 'phone', label: 'Business phone', search: 'phone', list: true, section: 'Contact details' },
    mobilePhone: { kind: 'phone', label: 'Mobile phone', search: 'phone', list: true, section: 'Contact details' },
    homePhone: { kind: 'phone', label: 'Home phone', search: 'phone', section: 'Contact details' },
    preferredContactMethod: { kind: 'enum', label: 'Preferred contact method', values: CONTACT_METHODS, section: 'Contact details' },
    street: { kind: 'string', label: 'Street', max: 250, section: 'Address' },
    city: { kind: 'string', label: 'City', max: 80, list: true, section: 'Address' },
    state: { kind: 'string', label: 'State or province', max: 80, section: 'Address' },
    postalCode: { kind: 'string', label: 'Postal code', max: 20, section: 'Address' },
    country: { kind: 'string', label: 'Country', max: 80, list: true, section: 'Address' },
    birthday: { kind: 'date', label: 'Birthday', section: 'Personal' },
    notes: { kind: 'text', label: 'Notes', search: 'text', section: 'Personal' },
  },
})
