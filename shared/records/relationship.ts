/**
 * A relationship (a connection) between two records, carrying both sides in one record: who is
 * related to whom, and the role each plays. It shows on both records. The roles must apply to their
 * side's record type; the server clears a role that does not (DESIGN.md §7).
 */
import { defineRecordType } from '../schema/record-type'
import { RELATABLE_TYPES } from './relationship-role'

export const relationship = defineRecordType({
  type: 'relationship',
  path: 'relationships',
  label: 'Relationship',
  pluralLabel: 'Relationships',
  version: 1,
  titleFields: ['description'],
  fields: {
    fromType: { kind: 'record-type', label: 'From type', required: true, values: RELATABLE_TYPES, list: true },
    fromId: { kind: 'reference', label: 'From', required: true, refTypes: RELATABLE_TYPES, typeField: 'fromType', list: true },
    fromRoleId: { kind: 'reference', label: 'Role of "from"', refTypes: ['relationship-role'], list: true },
    toType: { kind: 'record-type', label: 'To type', required: true, values: RELATABLE_TYPES, list: true },
    toId: { kind: 'reference', label: 'To', required: true, refTypes: RELATABLE_TYPES, typeField: 'toType', list: true },
    toRoleId: { kind: 'reference', label: 'Role of "to"', refTypes: ['relationship-role'], list: true },
    description: { kind: 'string', label: 'Description', max: 500, search: 'text' },
    startDate: { kind: 'date', label: 'Start date', list: true },
    endDate: { kind: 'date', label: 'End date', list: true },
  },
})
