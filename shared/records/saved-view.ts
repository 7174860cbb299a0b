/**
 * A saved view of a list: a name, the record type it lists, and how — search text, filters, sort
 * and the columns shown. It is a record like any other, so it syncs, validates and is shared with
 * the workspace the same way (issue 5). Filters are keyed items (two people adding one at once both
 * keep theirs); columns are the list's column keys in order, comma-separated. Keys that name no
 * column of the type (a field renamed since) are skipped where the view is applied.
 */
import { defineRecordType } from '../schema/record-type'

/** The record types a view can list (the type names of shared/records; not imported, to keep no cycle). */
export const VIEWABLE_TYPES = ['account', 'contact', 'relationship-role', 'relationship', 'case', 'activity', 'account-plan'] as const
export const FILTER_OPS = ['is', 'contains', 'empty', 'not-empty'] as const
export const SORT_DIRECTIONS = ['asc', 'desc'] as const

export const savedView = defineRecordType({
  type: 'saved-view',
  path: 'saved-views',
  label: 'Saved view',
  pluralLabel: 'Saved views',
  version: 1,
  titleFields: ['name'],
  fields: {
    name: { kind: 'string', label: 'Name', required: true, max: 120, search: 'name', list: true },
    recordType: { kind: 'enum', label: 'Lists', required: true, values: VIEWABLE_TYPES, list: true },
    search: { kind: 'string', label: 'Search text', max: 200 },
    filters: {
      kind: 'items', label: 'Filters', max: 50,
      item: {
        key: { kind: 'string', label: 'Column', required: true, max: 80 },
        op: { kind: 'enum', label: 'Operator', required: true, values: FILTER_OPS },
        value: { kind: 'string', label: 'Value', max: 200 },
      },
    },
    sortKey: { kind: 'string', label: 'Sort by', max: 80 },
    sortDirection: { kind: 'enum', label: 'Sort direction', values: SORT_DIRECTIONS },
    columns: { kind: 'string', label: 'Columns', max: 2000, help: 'Column keys in order, separated by commas.' },
  },
})
