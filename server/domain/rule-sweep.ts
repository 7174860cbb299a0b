/**
 * The documents whose rules may have been left unchecked when the server stopped (checks run after
 * commits and are not durable; grace-period timers die with the process): accounts whose primary
 * contact is not a live contact of theirs, relationships whose role is missing or does not apply,
 * cases without a number. The rule runner checks them once at start; the checks decide, so a
 * document listed here that is fine is left alone, and a dangling reference starts a fresh grace
 * period.
 */
import { formatDocName } from '../../shared/doc-name'
import type { SqlRunner } from '../storage/sql'

export async function documentsToSweep(db: SqlRunner): Promise<string[]> {
  const rows = await db.query<{ workspace_id: string; type: string; id: string }>(`
    select a.workspace_id, a.type, a.id from records a
      left join records c on c.workspace_id = a.workspace_id and c.id = a.data->>'primaryContactId'
      where a.type = 'account' and not a.deleted and a.data->>'primaryContactId' is not null
        and (c.id is null or c.type <> 'contact' or c.deleted or c.data->>'accountId' is distinct from a.id)
    union all
    select r.workspace_id, r.type, r.id from records r
      left join records f on f.workspace_id = r.workspace_id and f.id = r.data->>'fromRoleId'
      left join records t on t.workspace_id = r.workspace_id and t.id = r.data->>'toRoleId'
      where r.type = 'relationship' and not r.deleted and (
        (r.data->>'fromRoleId' is not null and (f.id is null or f.type <> 'relationship-role' or f.deleted
          or (jsonb_array_length(coalesce(f.data->'appliesTo', '[]')) > 0 and not coalesce(f.data->'appliesTo', '[]') ? (r.data->>'fromType'))))
        or (r.data->>'toRoleId' is not null and (t.id is null or t.type <> 'relationship-role' or t.deleted
          or (jsonb_array_length(coalesce(t.data->'appliesTo', '[]')) > 0 and not coalesce(t.data->'appliesTo', '[]') ? (r.data->>'toType')))))
    union all
    select workspace_id, type, id from records
      where type = 'case' and (coalesce(data->>'caseNumber', '') = '' or data->>'status' is null)`)
  return rows.map((row) => formatDocName({ workspaceId: row.workspace_id, type: row.type, recordId: row.id }))
}
