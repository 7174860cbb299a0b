/**
 * The writes that go with a batch of committed updates (DESIGN.md §5): field history rows (an edit
 * continuing the same person's last edit of a field rewrites its row), then per workspace one step
 * of the catalog counter, the records' projection at that sequence, and the re-projection of the
 * records that reference them (a contact shows its account's name), and the search rows of records
 * whose search text changed (their index entries merged in bulk), all in the batch's transaction.
 */
import type { StoredUpdate } from './document-store'
import type { HistoryEntry, ProjectedRecord, RecordedChange } from './record-rows'
import type { BatchPart } from './sql'

export function recordWrites(rows: readonly StoredUpdate[]): BatchPart[] {
  const history = new Map<string, HistoryEntry>()
  const latest = new Map<string, { change: RecordedChange; actor: string; creator: string; relink: boolean; search: boolean }>()
  for (const row of rows) {
    if (!row.record) continue
    for (const entry of row.record.history) history.set(entry.id, entry) // the last write of a row wins
    const before = latest.get(row.doc)
    // A new record's creator is whoever wrote it first in the batch, not whoever wrote it last.
    const creator = before?.creator ?? row.record.firstActor ?? row.actor
    latest.delete(row.doc) // keep the batch's order: the latest state goes last
    latest.set(row.doc, {
      change: row.record, actor: row.actor, creator,
      relink: row.record.linksChanged || (before?.relink ?? false),
      search: row.record.searchChanged || (before?.search ?? false),
    })
  }
  // Projected once per record, at its latest state.
  const projections = new Map<string, Array<{ projection: ProjectedRecord; actor: string; creator: string }>>()
  const relink = new Map<string, string[]>()
  const searchRows: ProjectedRecord[] = []
  for (const { change, actor, creator, relink: relinks, search } of latest.values()) {
    const projection = change.project()
    let items = projections.get(projection.workspaceId)
    if (!items) projections.set(projection.workspaceId, (items = []))
    items.push({ projection, actor, creator })
    if (search) searchRows.push(projection)
    if (relinks) {
      let ids = relink.get(projection.workspaceId)
      if (!ids) relink.set(projection.workspaceId, (ids = []))
      ids.push(projection.id)
    }
  }
  const parts: BatchPart[] = []
  if (history.size > 0) {
    parts.push({
      table: 'field_history',
      columns: ['id', 'doc', 'workspace_id', 'record_id', 'field', 'old', 'new', 'actor', 'at', 'kind'],
      rows: [...history.values()].map((h) => [h.id, h.doc, h.workspaceId, h.recordId, h.field, json(h.old), json(h.new), h.actor, new Date(h.at).toISOString(), h.kind]),
      upsert: { key: ['id'], update: ['new', 'at'] },
    })
  }
  for (const [workspaceId, items] of projections) {
    parts.push(projectStatement(workspaceId, items))
    const ids = relink.get(workspaceId)
    if (ids) parts.push(dependentsStatement(workspaceId, ids))
  }
  if (searchRows.length > 0) parts.push(searchStatement(searchRows), SEARCH_PENDING_MERGE)
  return parts
}

/**
 * The search indexes' new entries, which wait in each GIN index's pending list (migration 11),
 * merged into the index in bulk at the end of the batch that wrote them: sorted, each key's
 * posting list is visited once for all the rows, where inserting row by row descended the index
 * for every trigram of every row; and no search ever reads a pending list.
 */
const SEARCH_PENDING_MERGE: BatchPart = {
  text: `select gin_clean_pending_list('record_search_text'::regclass), gin_clean_pending_list('record_search_tsv'::regclass),
    gin_clean_pending_list('record_search_keys'::regclass)`,
  params: [],
}

const PROJECTED_COLUMNS = 10

function projectStatement(workspaceId: string, items: Array<{ projection: ProjectedRecord; actor: string; creator: string }>) {
  const params: Array<string | null> = [workspaceId]
  const values = items.map(({ projection: p, actor, creator }) => {
    const base = params.length
    params.push(p.id, p.type, JSON.stringify(p.data), p.title, p.ownerId, p.accountId,
      JSON.stringify(p.refs), p.deleted ? 'true' : 'false', actor, creator)
    return `(${Array.from({ length: PROJECTED_COLUMNS }, (_, i) => `$${base + i + 1}`).join(', ')})`
  })
  return {
    text: `with seq as (
        insert into catalog_counters as c (workspace_id, seq) values ($1, 1)
        on conflict (workspace_id) do update set seq = c.seq + 1
        returning seq
      )
      insert into records as r (workspace_id, id, type, data, title, owner_id, account_id, refs, ref_titles,
        deleted, version, change_seq, created_by, updated_by)
      select $1, i.id, i.type, i.data::jsonb, i.title, i.owner_id,
        i.account_id, array(select jsonb_array_elements_text(i.refs::jsonb)),
        -- The titles of what it references, as committed before this batch (the re-link that
        -- follows adds those of the batch), so a new record is written once, not twice.
        coalesce((select jsonb_object_agg(x.id, x.title) from records x
          where x.workspace_id = $1 and x.id in (select jsonb_array_elements_text(i.refs::jsonb))), '{}'::jsonb),
        i.deleted::boolean, 1, seq.seq, i.creator, i.actor
      from (values ${values.join(', ')}) as i (id, type, data, title, owner_id, account_id, refs, deleted, actor, creator)
      cross join seq
      on conflict (workspace_id, id) do update set
        type = excluded.type, data = excluded.data, title = excluded.title,
        owner_id = excluded.owner_id, account_id = excluded.account_id, refs = excluded.refs,
        deleted = excluded.deleted, version = r.version + 1, change_seq = excluded.change_seq,
        updated_at = now(), updated_by = excluded.updated_by`,
    params,
  }
}

/** The records among or referencing `ids` whose referenced titles changed take them, at this sequence. */
function dependentsStatement(workspaceId: string, ids: string[]) {
  // Two index lookups (by id, and by the refs GIN) joined by UNION: an OR of both made the planner
  // scan every record of the workspace, once per batch.
  return {
    text: `with ids as (select array(select jsonb_array_elements_text($2::jsonb)) as ids),
      targets as (
        select d.id, d.refs from records d, ids where d.workspace_id = $1 and d.id = any(ids.ids)
        union
        select d.id, d.refs from records d, ids where d.workspace_id = $1 and d.refs && ids.ids
      ),
      titles as (
        select t.id, coalesce((select jsonb_object_agg(x.id, x.title) from records x
          where x.workspace_id = $1 and x.id = any(t.refs)), '{}'::jsonb) as ref_titles
        from targets t
      )
      update records r set ref_titles = t.ref_titles,
        change_seq = (select seq from catalog_counters where workspace_id = $1)
      from titles t
      where r.workspace_id = $1 and r.id = t.id and r.ref_titles is distinct from t.ref_titles`,
    params: [workspaceId, JSON.stringify(ids)],
  }
}

/** The search rows of records whose search text or body changed (their own table: see migration 7). */
function searchStatement(rows: ProjectedRecord[]) {
  const params: string[] = []
  const values = rows.map((p) => {
    params.push(p.workspaceId, p.id, p.searchText, p.searchBody)
    const n = params.length
    return `($${n - 3}, $${n - 2}, $${n - 1}, to_tsvector('simple', $${n}::text))`
  })
  return {
    text: `insert into record_search as s (workspace_id, id, search_text, search) values ${values.join(', ')}
      on conflict (workspace_id, id) do update set search_text = excluded.search_text, search = excluded.search
      where s.search_text is distinct from excluded.search_text or s.search is distinct from excluded.search`,
    params,
  }
}

function json(value: unknown): string | null {
  return value === undefined || value === null ? null : JSON.stringify(value)
}
