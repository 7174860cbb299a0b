/**
 * Every record is one Y.Doc named `<workspaceId>/<type>/<recordId>` (DESIGN.md §2).
 * The name is also the sync path: `/sync/<workspaceId>/<type>/<recordId>`.
 */
import { isUuid } from './ids'

export interface DocName {
  workspaceId: string
  type: string
  recordId: string
}

/** Workspace ids are short slugs (`demo`) or UUIDs; record types are kebab-case names. */
const WORKSPACE_RE = /^[a-z0-9][a-z0-9-]{0,62}$/
const TYPE_RE = /^[a-z][a-z0-9-]{0,39}$/

export function formatDocName(name: DocName): string {
  return `${name.workspaceId}/${name.type}/${name.recordId}`
}

/** Parses a document name; returns null for anything that is not exactly a valid name. */
export function parseDocName(value: string): DocName | null {
  const parts = value.split('/')
  if (parts.length !== 3) return null
  const [workspaceId, type, recordId] = parts as [string, string, string]
  if (!WORKSPACE_RE.test(workspaceId) || !TYPE_RE.test(type) || !isUuid(recordId)) return null
  return { workspaceId, type, recordId }
}

export function isWorkspaceId(value: string): boolean {
  return WORKSPACE_RE.test(value)
}
