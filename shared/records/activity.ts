/**
 * An activity: a task, phone call, appointment, email or letter, regarding any record. Contact
 * management began as contacts plus scheduling, so dates and status matter: a task is due, an
 * appointment starts and ends, and each is open, completed or cancelled.
 */
import { defineRecordType } from '../schema/record-type'

export const ACTIVITY_KINDS = ['task', 'phone-call', 'appointment', 'email', 'letter'] as const
export const ACTIVITY_STATUSES = ['open', 'completed', 'cancelled'] as const
export const ACTIVITY_PRIORITIES = ['low', 'normal', 'high'] as const
/** The record types an activity can be regarding: any customer record (more join later). */
export const REGARDING_TYPES = ['account', 'contact', 'case', 'relationship'] as const

export const activity = defineRecordType({
  type: 'activity',
  path: 'activities',
  label: 'Activity',
  pluralLabel: 'Activities',
  version: 1,
  titleFields: ['subject'],
  fields: {
    kind: { kind: 'enum', label: 'Kind', required: true, values: ACTIVITY_KINDS, list: true, initial: 'task' },
    subject: { kind: 'string', label: 'Subject', required: true, max: 200, search: 'name', list: true },
    regardingType: { kind: 'record-type', label: 'Regarding type', values: REGARDING_TYPES },
    regardingId: { kind: 'reference', label: 'Regarding', refTypes: REGARDING_TYPES, typeField: 'regardingType', list: true },
    participants: { kind: 'set', label: 'Participants', members: 'reference', refTypes: ['contact', 'account', 'user'], max: 200 },
    startAt: { kind: 'datetime', label: 'Start', list: true },
    endAt: { kind: 'datetime', label: 'End' },
    dueAt: { kind: 'datetime', label: 'Due', list: true },
    status: { kind: 'enum', label: 'Status', values: ACTIVITY_STATUSES, list: true, initial: 'open' },
    priority: { kind: 'enum', label: 'Priority', values: ACTIVITY_PRIORITIES, list: true, initial: 'normal' },
    description: { kind: 'text', label: 'Description', search: 'text' },
  },
})
