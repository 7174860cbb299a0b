/**
 * A relationship role: one side of a connection between two records ("supplier", "manager",
 * "colleague"). Its reciprocal is the role of the other side: itself for a symmetric role
 * (colleague ↔ colleague), another role for a matching pair (supplier ↔ customer), none for a
 * one-sided role. Each workspace starts with a catalog (server/domain/role-catalog.ts).
 */
import { defineRecordType } from '../schema/record-type'

export const ROLE_CATEGORIES = ['business', 'family', 'social', 'sales-team', 'service', 'other'] as const
/** The record types a relationship may connect (opportunities join with the sales issue). */
export const RELATABLE_TYPES = ['account', 'contact'] as const

export const relationshipRole = defineRecordType({
  type: 'relationship-role',
  path: 'relationship-roles',
  label: 'Relationship role',
  pluralLabel: 'Relationship roles',
  version: 1,
  titleFields: ['name'],
  fields: {
    name: { kind: 'string', label: 'Role', required: true, max: 80, search: 'name', list: true },
    category: { kind: 'enum', label: 'Category', values: ROLE_CATEGORIES, list: true },
    appliesTo: { kind: 'set', label: 'Applies to', members: 'value', values: RELATABLE_TYPES, max: RELATABLE_TYPES.length,
      help: 'The record types that can take this role.' },
    reciprocalRoleId: { kind: 'reference', label: 'Reciprocal role', refTypes: ['relationship-role'], list: true,
      help: 'The role of the other side: the same role for a symmetric one, empty for a one-sided one.' },
    description: { kind: 'string', label: 'Description', max: 500 },
  },
})
