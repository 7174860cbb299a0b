/**
 * Rule: every case gets a case number from the server (`CAS-000123`), exactly once (issue 4). The
 * number is taken from a per-workspace counter and remembered per case in one transaction, so a
 * retry, a second process or a second check of the same case finds the same number. A new case
 * without a status also starts `active` (status is server-owned: clients cannot set it).
 */
import { formatDocName } from '../../shared/doc-name'
import { readField, writeFields } from '../../shared/doc/record-doc'
import type { SqlDatabase } from '../storage/sql'
import { recordRow, type RuleContext } from './rule-context'

export function formatCaseNumber(seq: number): string {
  return `CAS-${String(seq).padStart(6, '0')}`
}

/** The case's number: the one it already has, or the next of its workspace. */
export async function caseNumberFor(db: SqlDatabase, workspaceId: string, caseId: string): Promise<string> {
  return db.transaction(async (tx) => {
    const [existing] = await tx.query<{ number: string }>('select number from case_numbers where workspace_id = $1 and case_id = $2', [workspaceId, caseId])
    if (existing) return existing.number
    const [counter] = await tx.query<{ seq: string | number }>(
      `insert into case_counters as c (workspace_id, seq) values ($1, 1)
       on conflict (workspace_id) do update set seq = c.seq + 1 returning seq`, [workspaceId])
    await tx.query('insert into case_numbers (workspace_id, case_id, number) values ($1, $2, $3) on conflict do nothing',
      [workspaceId, caseId, formatCaseNumber(Number(counter!.seq))])
    const [kept] = await tx.query<{ number: string }>('select number from case_numbers where workspace_id = $1 and case_id = $2', [workspaceId, caseId])
    return kept!.number
  })
}

export async function checkCaseNumber(ctx: RuleContext & { db: SqlDatabase }, workspaceId: string, caseId: string): Promise<void> {
  const row = await recordRow(ctx.db, workspaceId, caseId)
  if (!row || row.type !== 'case') return
  const hasNumber = typeof row.data.caseNumber === 'string' && row.data.caseNumber !== ''
  if (hasNumber && typeof row.data.status === 'string') return
  const number = hasNumber ? null : await caseNumberFor(ctx.db, workspaceId, caseId)
  const docName = formatDocName({ workspaceId, type: 'case', recordId: caseId })
  await ctx.repair(docName, number ? `case number ${number} assigned` : 'a new case starts active', (doc) => {
    const patch: Record<string, string> = {}
    if (number && !readField(doc, 'caseNumber')) patch.caseNumber = number
    if (!readField(doc, 'status')) patch.status = 'active'
    if (Object.keys(patch).length === 0) return false
    writeFields(doc, patch)
    return true
  })
}
