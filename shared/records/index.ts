/**
 * Every record type, by document type name and by REST path. Adding a record type is one file
 * beside this one plus one line here.
 */
import type { RecordType } from '../schema/record-type'
import { account } from './account'
import { accountPlan } from './account-plan'
import { activity } from './activity'
import { serviceCase } from './case'
import { contact } from './contact'
import { relationship } from './relationship'
import { relationshipRole } from './relationship-role'
import { savedView } from './saved-view'

export const RECORD_TYPES: readonly RecordType[] = [account, contact, relationshipRole, relationship, serviceCase, activity, accountPlan, savedView]

const byType = new Map(RECORD_TYPES.map((t) => [t.type, t]))
const byPath = new Map(RECORD_TYPES.map((t) => [t.path, t]))

export function recordType(type: string): RecordType | undefined {
  return byType.get(type)
}

export function recordTypeByPath(path: string): RecordType | undefined {
  return byPath.get(path)
}
