/**
 * The check pipeline of the incoming-bytes path (DESIGN.md §3a). Every update is applied to the
 * room's shadow copy first; each check then looks at what it changed and may refuse it. The
 * records issue plugs in schema checks, the trust issue identity and permission checks.
 *
 * A check decides from the update alone. What depends on other records is never refused here
 * (the other record may not have arrived yet); the server repairs it later (DESIGN.md §7).
 */
import type { ChangeSummary } from '../../shared/doc/change-summary'
import type { DocName } from '../../shared/doc-name'
import type { ErrorCode } from '../../shared/errors'
import type * as Y from 'yjs'

export interface ProposedChange {
  doc: DocName
  docName: string
  actor: string
  /** Made by the server itself (REST after validation, commands, repairs): may write server-owned fields. */
  trusted: boolean
  change: ChangeSummary
  /** The shadow copy with the update applied: read it, never write it. */
  shadow: Y.Doc
}

export interface CheckRefusal {
  code: ErrorCode
  message: string
  details?: Record<string, unknown>
}

export interface Check {
  name: string
  check(proposed: ProposedChange): CheckRefusal | null
}

export function runChecks(checks: readonly Check[], proposed: ProposedChange): (CheckRefusal & { check: string }) | null {
  for (const c of checks) {
    const refusal = c.check(proposed)
    if (refusal) return { ...refusal, check: c.name }
  }
  return null
}
