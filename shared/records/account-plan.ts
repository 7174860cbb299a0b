/**
 * An account plan: the team's live plan for one account (issue 5's planning session). Goals,
 * stakeholders (the account's contacts with their influence and stance), risks and action items
 * are keyed items, so two people adding at once both keep theirs; an action item made into an
 * activity keeps that activity's id. Notes are long text, co-edited character by character.
 * One plan per account is the app's habit, not a rule: two made offline at once both stay, and the
 * app opens the oldest.
 */
import { defineRecordType } from '../schema/record-type'

export const INFLUENCE_LEVELS = ['low', 'medium', 'high'] as const
export const STANCES = ['champion', 'supporter', 'neutral', 'skeptic', 'blocker'] as const
export const RISK_LEVELS = ['low', 'medium', 'high'] as const

export const accountPlan = defineRecordType({
  type: 'account-plan',
  path: 'account-plans',
  label: 'Account plan',
  pluralLabel: 'Account plans',
  version: 1,
  titleFields: ['name'],
  fields: {
    name: { kind: 'string', label: 'Name', required: true, max: 200, search: 'name', list: true },
    accountId: { kind: 'reference', label: 'Account', required: true, refTypes: ['account'], list: true },
    goals: {
      kind: 'items', label: 'Goals', max: 200,
      item: {
        text: { kind: 'string', label: 'Goal', required: true, max: 500 },
        done: { kind: 'boolean', label: 'Done' },
      },
    },
    stakeholders: {
      kind: 'items', label: 'Stakeholders', max: 200,
      item: {
        contactId: { kind: 'reference', label: 'Contact', required: true, refTypes: ['contact'] },
        influence: { kind: 'enum', label: 'Influence', values: INFLUENCE_LEVELS },
        stance: { kind: 'enum', label: 'Stance', values: STANCES },
        note: { kind: 'string', label: 'Note', max: 500 },
      },
    },
    risks: {
      kind: 'items', label: 'Risks', max: 200,
      item: {
        text: { kind: 'string', label: 'Risk', required: true, max: 500 },
        level: { kind: 'enum', label: 'Level', values: RISK_LEVELS },
        mitigation: { kind: 'string', label: 'Mitigation', max: 500 },
      },
    },
    actions: {
      kind: 'items', label: 'Action items', max: 200,
      item: {
        text: { kind: 'string', label: 'Action', required: true, max: 200 },
        ownerId: { kind: 'reference', label: 'Owner', refTypes: ['user'] },
        dueDate: { kind: 'date', label: 'Due' },
        activityId: { kind: 'reference', label: 'Activity', refTypes: ['activity'] },
      },
    },
    notes: { kind: 'text', label: 'Notes', search: 'text' },
  },
})
