/**
 * Versioned SQL migrations, applied in order, each in its own transaction, each exactly once.
 * Never edit a migration that has shipped: add the next one.
 */
import type { SqlDatabase } from './sql'

interface Migration {
  version: number
  name: string
  sql: string
}

export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'documents and workspaces',
    sql: `
      create table workspaces (
        id text primary key,
        name text not null,
        created_at timestamptz not null default now()
      );
      -- Append-only log of committed Yjs updates, exactly the validated bytes a client sent
      -- (or the server made). Compaction folds a document's rows into doc_snapshots.
      create table doc_updates (
        id bigint generated always as identity primary key,
        doc text not null,
        update bytea not null,
        actor text not null,
        client_id bigint,
        created_at timestamptz not null default now()
      );
      create index doc_updates_doc on doc_updates (doc, id);
      create table doc_snapshots (
        doc text primary key,
        state bytea not null,
        upto_id bigint not null,
        compacted_updates bigint not null default 0,
        updated_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 2,
    name: 'people, sessions, roles, tokens and client-id bindings',
    sql: `
      create table users (
        id text primary key,
        email text not null unique,
        name text not null,
        password_hash text not null,
        created_at timestamptz not null default now()
      );
      alter table workspaces add column owner_id text references users (id);
      alter table workspaces add column private_types text[] not null default '{}';
      create table memberships (
        workspace_id text not null references workspaces (id) on delete cascade,
        user_id text not null references users (id) on delete cascade,
        role text not null check (role in ('owner', 'admin', 'member', 'viewer')),
        created_at timestamptz not null default now(),
        primary key (workspace_id, user_id)
      );
      create index memberships_user on memberships (user_id);
      -- Session ids are never stored: only their SHA-256.
      create table sessions (
        id_hash text primary key,
        user_id text not null references users (id) on delete cascade,
        created_at timestamptz not null default now(),
        expires_at timestamptz not null
      );
      create index sessions_user on sessions (user_id);
      create table invitations (
        token_hash text primary key,
        workspace_id text not null references workspaces (id) on delete cascade,
        role text not null check (role in ('admin', 'member', 'viewer')),
        created_by text not null references users (id),
        created_at timestamptz not null default now(),
        expires_at timestamptz not null,
        used_at timestamptz,
        used_by text references users (id)
      );
      create table api_tokens (
        id text primary key,
        token_hash text not null unique,
        workspace_id text not null references workspaces (id) on delete cascade,
        role text not null check (role in ('admin', 'member', 'viewer')),
        name text not null,
        created_by text not null references users (id),
        created_at timestamptz not null default now(),
        revoked_at timestamptz,
        last_used_at timestamptz
      );
      -- Which actor first wrote with a Yjs client id, per document: structs for a client id bound
      -- to someone else are refused (a forged range could erase that user's offline edits).
      create table doc_clients (
        doc text not null,
        client_id bigint not null,
        actor text not null,
        primary key (doc, client_id)
      );
      -- Who owns a document (its first writer), for record types a workspace makes private.
      create table doc_owners (
        doc text primary key,
        owner text not null,
        created_at timestamptz not null default now()
      );
    `,
  },
  {
    version: 3,
    name: 'record projection, catalog sequence and field history',
    sql: `
      -- One row per workspace: the catalog's change sequence. Taken inside the committing
      -- transaction (a plain sequence can commit out of order, and a client would skip a change).
      create table catalog_counters (
        workspace_id text primary key,
        seq bigint not null
      );
      -- The projection of every record document (DESIGN.md §5): lists, search, the catalog pull.
      create table records (
        workspace_id text not null,
        id text not null,
        type text not null,
        data jsonb not null,
        title text not null default '',
        search_text text not null default '',
        search tsvector,
        owner_id text,
        account_id text,
        refs text[] not null default '{}',
        -- The titles of the records it references, by id (a contact shows its account's name).
        ref_titles jsonb not null default '{}',
        deleted boolean not null default false,
        version integer not null default 1,
        change_seq bigint not null,
        created_at timestamptz not null default now(),
        created_by text not null,
        updated_at timestamptz not null default now(),
        updated_by text not null,
        primary key (workspace_id, id)
      );
      create index records_catalog on records (workspace_id, change_seq, id);
      create index records_by_type on records (workspace_id, type, deleted, id);
      create index records_by_title on records (workspace_id, type, lower(title), id);
      create index records_by_updated on records (workspace_id, type, updated_at, id);
      create index records_by_account on records (workspace_id, account_id);
      create index records_refs on records using gin (refs);
      -- Who changed which field from what to what; written in the update's transaction, so
      -- compaction and garbage collection never erase it. kind 'lost': a value that lost to a
      -- concurrent write of the same field.
      create table field_history (
        id text primary key,
        doc text not null,
        workspace_id text not null,
        record_id text not null,
        field text not null,
        old jsonb,
        new jsonb,
        actor text not null,
        at timestamptz not null,
        kind text not null check (kind in ('edit', 'lost'))
      );
      create index field_history_record on field_history (workspace_id, record_id, at);
    `,
  },
  {
    version: 4,
    name: 'search: trigram and full-text indexes over the records projection',
    sql: `
      -- Trigrams for prefix, substring and typo-tolerant matching of names, emails and phone digits
      -- (server/search/match.ts); the text is folded in JS (shared/search/fold.ts), so no unaccent.
      -- PGlite runs no autovacuum, so a GIN index's pending list (fastupdate) is only merged when it
      -- passes 4 MB, and every search and every refs lookup reads it whole meanwhile: no pending lists.
      -- In pg_catalog: visible whatever the search_path (a deployment, or a test, may use its own
      -- schema), and not dropped with a schema that happened to install it first.
      create extension if not exists pg_trgm schema pg_catalog;
      create index records_search_text on records using gin (search_text gin_trgm_ops) with (fastupdate = off);
      create index records_search on records using gin (search) with (fastupdate = off);
      alter index records_refs set (fastupdate = off);
      -- The words of each workspace's search texts, for correcting a typo in a query word against
      -- words that exist (server/search/typo-alternatives.ts): trigram similarity over a few thousand
      -- words is fast where over every record it is not. Words are never removed; a stale one only
      -- widens a corrected search that then finds nothing more.
      create table search_words (
        workspace_id text not null,
        word text not null,
        primary key (workspace_id, word)
      );
      create index search_words_trgm on search_words using gin (word gin_trgm_ops) with (fastupdate = off);
      create function records_search_words_inserted() returns trigger language plpgsql as $$
      begin
        insert into search_words (workspace_id, word)
          select distinct n.workspace_id, w from inserted n, regexp_split_to_table(n.search_text, '[^[:alnum:]]+') as w
          where length(w) between 3 and 40 and w !~ '^[0-9]+$'
        on conflict do nothing;
        return null;
      end $$;
      create function records_search_words_updated() returns trigger language plpgsql as $$
      begin
        insert into search_words (workspace_id, word)
          select distinct n.workspace_id, w from updated n join previous o on o.workspace_id = n.workspace_id and o.id = n.id,
            regexp_split_to_table(n.search_text, '[^[:alnum:]]+') as w
          where o.search_text is distinct from n.search_text and length(w) between 3 and 40 and w !~ '^[0-9]+$'
        on conflict do nothing;
        return null;
      end $$;
      create trigger records_search_words_insert after insert on records referencing new table as inserted
        for each statement execute function records_search_words_inserted();
      create trigger records_search_words_update after update on records referencing new table as updated old table as previous
        for each statement execute function records_search_words_updated();
      -- Exact keys for duplicate detection (server/search/duplicates.ts): the emails of the search
      -- text, and each phone's last nine digits (the same line with or without a country code or a
      -- trunk 0). One posting list per key, where a LIKE over trigrams reads the lists of "com".
      create function record_keys(search_text text) returns text[] language sql immutable parallel safe as $$
        select coalesce(array_agg(distinct case when t ~ '^[0-9]+$' then 'p:' || right(t, 9) else 'e:' || t end), '{}')
        from unnest(string_to_array(search_text, ' ')) as t
        where t ~ '^[0-9]{7,}$' or t ~ '^[^@]+@[^@]+$'
      $$;
      create index records_keys on records using gin (record_keys(search_text)) with (fastupdate = off);
    `,
  },
  {
    version: 5,
    name: 'list pages: sort and filter indexes over the records projection',
    sql: `
      -- REST list pages (server/api/v1/record-query.ts) sort and filter by title, creation, update
      -- and each list field of a type; keyset pagination walks these in order. One partial index
      -- per (type, list field), on the exact expression the list query uses (empty values sort first),
      -- then the title: a list filtered on a field comes in title order straight from its index.
      -- Frozen here as the schemas stood; a list field added later needs a migration of its own.
      create index records_by_created on records (workspace_id, type, created_at, id);
      create index records_account_account_number on records (workspace_id, (coalesce(lower(data->>'accountNumber'), '')), lower(title), id) where type = 'account';
      create index records_account_type on records (workspace_id, (coalesce(lower(data->>'type'), '')), lower(title), id) where type = 'account';
      create index records_account_industry on records (workspace_id, (coalesce(lower(data->>'industry'), '')), lower(title), id) where type = 'account';
      create index records_account_phone on records (workspace_id, (coalesce(lower(data->>'phone'), '')), lower(title), id) where type = 'account';
      create index records_account_email on records (workspace_id, (coalesce(lower(data->>'email'), '')), lower(title), id) where type = 'account';
      create index records_account_billing_city on records (workspace_id, (coalesce(lower(data->>'billingCity'), '')), lower(title), id) where type = 'account';
      create index records_account_billing_country on records (workspace_id, (coalesce(lower(data->>'billingCountry'), '')), lower(title), id) where type = 'account';
      create index records_account_parent_account_id on records (workspace_id, (coalesce(lower(data->>'parentAccountId'), '')), lower(title), id) where type = 'account';
      create index records_account_primary_contact_id on records (workspace_id, (coalesce(lower(data->>'primaryContactId'), '')), lower(title), id) where type = 'account';
      create index records_account_annual_revenue on records (workspace_id, (coalesce((data->>'annualRevenue')::numeric, '-Infinity')), lower(title), id) where type = 'account';
      create index records_account_employees on records (workspace_id, (coalesce((data->>'employees')::numeric, '-Infinity')), lower(title), id) where type = 'account';
      create index records_account_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'account';
      create index records_contact_first_name on records (workspace_id, (coalesce(lower(data->>'firstName'), '')), lower(title), id) where type = 'contact';
      create index records_contact_last_name on records (workspace_id, (coalesce(lower(data->>'lastName'), '')), lower(title), id) where type = 'contact';
      create index records_contact_job_title on records (workspace_id, (coalesce(lower(data->>'jobTitle'), '')), lower(title), id) where type = 'contact';
      create index records_contact_account_id on records (workspace_id, (coalesce(lower(data->>'accountId'), '')), lower(title), id) where type = 'contact';
      create index records_contact_email on records (workspace_id, (coalesce(lower(data->>'email'), '')), lower(title), id) where type = 'contact';
      create index records_contact_business_phone on records (workspace_id, (coalesce(lower(data->>'businessPhone'), '')), lower(title), id) where type = 'contact';
      create index records_contact_mobile_phone on records (workspace_id, (coalesce(lower(data->>'mobilePhone'), '')), lower(title), id) where type = 'contact';
      create index records_contact_city on records (workspace_id, (coalesce(lower(data->>'city'), '')), lower(title), id) where type = 'contact';
      create index records_contact_country on records (workspace_id, (coalesce(lower(data->>'country'), '')), lower(title), id) where type = 'contact';
      create index records_contact_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'contact';
      create index records_relationship_role_category on records (workspace_id, (coalesce(lower(data->>'category'), '')), lower(title), id) where type = 'relationship-role';
      create index records_relationship_role_reciprocal_role_id on records (workspace_id, (coalesce(lower(data->>'reciprocalRoleId'), '')), lower(title), id) where type = 'relationship-role';
      create index records_relationship_role_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'relationship-role';
      create index records_relationship_from_type on records (workspace_id, (coalesce(lower(data->>'fromType'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_from_id on records (workspace_id, (coalesce(lower(data->>'fromId'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_from_role_id on records (workspace_id, (coalesce(lower(data->>'fromRoleId'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_to_type on records (workspace_id, (coalesce(lower(data->>'toType'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_to_id on records (workspace_id, (coalesce(lower(data->>'toId'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_to_role_id on records (workspace_id, (coalesce(lower(data->>'toRoleId'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_start_date on records (workspace_id, (coalesce(lower(data->>'startDate'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_end_date on records (workspace_id, (coalesce(lower(data->>'endDate'), '')), lower(title), id) where type = 'relationship';
      create index records_relationship_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'relationship';
      create index records_case_case_number on records (workspace_id, (coalesce(lower(data->>'caseNumber'), '')), lower(title), id) where type = 'case';
      create index records_case_customer_id on records (workspace_id, (coalesce(lower(data->>'customerId'), '')), lower(title), id) where type = 'case';
      create index records_case_case_type on records (workspace_id, (coalesce(lower(data->>'caseType'), '')), lower(title), id) where type = 'case';
      create index records_case_priority on records (workspace_id, (coalesce(lower(data->>'priority'), '')), lower(title), id) where type = 'case';
      create index records_case_status on records (workspace_id, (coalesce(lower(data->>'status'), '')), lower(title), id) where type = 'case';
      create index records_case_status_reason on records (workspace_id, (coalesce(lower(data->>'statusReason'), '')), lower(title), id) where type = 'case';
      create index records_case_origin on records (workspace_id, (coalesce(lower(data->>'origin'), '')), lower(title), id) where type = 'case';
      create index records_case_resolved_at on records (workspace_id, (coalesce(lower(data->>'resolvedAt'), '')), lower(title), id) where type = 'case';
      create index records_case_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'case';
      create index records_activity_kind on records (workspace_id, (coalesce(lower(data->>'kind'), '')), lower(title), id) where type = 'activity';
      create index records_activity_regarding_id on records (workspace_id, (coalesce(lower(data->>'regardingId'), '')), lower(title), id) where type = 'activity';
      create index records_activity_start_at on records (workspace_id, (coalesce(lower(data->>'startAt'), '')), lower(title), id) where type = 'activity';
      create index records_activity_due_at on records (workspace_id, (coalesce(lower(data->>'dueAt'), '')), lower(title), id) where type = 'activity';
      create index records_activity_status on records (workspace_id, (coalesce(lower(data->>'status'), '')), lower(title), id) where type = 'activity';
      create index records_activity_priority on records (workspace_id, (coalesce(lower(data->>'priority'), '')), lower(title), id) where type = 'activity';
      create index records_activity_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'activity';
    `,
  },
  {
    version: 6,
    name: 'domain rules: case numbers and workspace seeds',
    sql: `
      -- Case numbers (CAS-000123): one counter row per workspace, and the number each case got,
      -- so a case is numbered exactly once even when two processes or a retry assign at once.
      create table case_counters (
        workspace_id text primary key,
        seq bigint not null
      );
      create table case_numbers (
        workspace_id text not null,
        case_id text not null,
        number text not null,
        primary key (workspace_id, case_id),
        unique (workspace_id, number)
      );
      -- Which seed sets (the role catalog, the demo records) a workspace has had, so a restart or
      -- a second call seeds nothing twice, even after users changed or deleted what was seeded.
      create table workspace_seeds (
        workspace_id text not null,
        seed text not null,
        seeded_at timestamptz not null default now(),
        primary key (workspace_id, seed)
      );
      -- The accounts whose primary contact is a given contact (repairs when the contact changes).
      create index records_primary_contact on records (workspace_id, (data->>'primaryContactId'))
        where type = 'account';
    `,
  },
  {
    version: 7,
    name: 'search rows apart from the records projection',
    sql: `
      -- Every update of a row writes new entries into every index of its table (an index on any
      -- changed column rules out a heap-only update, and records' version and sequence change on
      -- every commit). The trigram and full-text indexes cost most of a commit that way, though
      -- most edits change no searchable value: the search columns move to a table of their own,
      -- rewritten only when its values change (server/storage/record-writes.ts).
      create table record_search (
        workspace_id text not null,
        id text not null,
        search_text text not null default '',
        search tsvector,
        primary key (workspace_id, id)
      );
      insert into record_search (workspace_id, id, search_text, search)
        select workspace_id, id, search_text, search from records;
      drop trigger records_search_words_insert on records;
      drop trigger records_search_words_update on records;
      drop index records_search_text;
      drop index records_search;
      drop index records_keys;
      alter table records drop column search_text;
      alter table records drop column search;
      create index record_search_text on record_search using gin (search_text gin_trgm_ops) with (fastupdate = off);
      create index record_search_tsv on record_search using gin (search) with (fastupdate = off);
      create index record_search_keys on record_search using gin (record_keys(search_text)) with (fastupdate = off);
      create trigger record_search_words_insert after insert on record_search referencing new table as inserted
        for each statement execute function records_search_words_inserted();
      create trigger record_search_words_update after update on record_search referencing new table as updated old table as previous
        for each statement execute function records_search_words_updated();
    `,
  },
  {
    version: 8,
    name: 'list pages of account plans',
    sql: `
      -- Account plans (shared/records/account-plan.ts) list by account and owner, the same shape as
      -- migration 5; their name is the title, which records_by_title serves.
      create index records_account_plan_account_id on records (workspace_id, (coalesce(lower(data->>'accountId'), '')), lower(title), id) where type = 'account-plan';
      create index records_account_plan_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'account-plan';
    `,
  },
  {
    version: 9,
    name: 'list pages of saved views',
    sql: `
      -- Saved views (shared/records/saved-view.ts) list by the record type they show and by owner,
      -- the same shape as migration 5; their name is the title, which records_by_title serves.
      create index records_saved_view_record_type on records (workspace_id, (coalesce(lower(data->>'recordType'), '')), lower(title), id) where type = 'saved-view';
      create index records_saved_view_owner_id on records (workspace_id, (coalesce(lower(data->>'ownerId'), '')), lower(title), id) where type = 'saved-view';
    `,
  },
  {
    version: 10,
    name: 'the update journal mark',
    sql: `
      -- The embedded backend makes updates durable in a journal file and writes them here behind
      -- (server/storage/journaled-store.ts); the last journal segment whose updates are all here,
      -- written in the same transaction as its last rows. One row; PostgreSQL deployments leave it empty.
      create table journal_state (
        id integer primary key check (id = 1),
        flushed_through bigint not null
      );
    `,
  },
  {
    version: 11,
    name: 'search indexes: new entries gather in a pending list, merged in bulk by the batch',
    sql: `
      -- A record's search row is rewritten whenever its search text changes (migration 7), and each
      -- rewrite put every trigram of the new text into the GIN index one at a time: about half of
      -- the database's time under a steady edit load. A pending list takes them as they come, and
      -- the batch that wrote them merges it into the index in sorted bulk before it commits
      -- (gin_clean_pending_list, server/storage/record-writes.ts): two fifths of the cost. Migration
      -- 4 turned pending lists off because PGlite runs no autovacuum, so the default 4 MB list was
      -- only merged when full and every search read it whole; the batches leave none, and a write
      -- elsewhere leaves at most 256 kB.
      alter index record_search_text set (fastupdate = on, gin_pending_list_limit = 256);
      alter index record_search_tsv set (fastupdate = on, gin_pending_list_limit = 256);
      alter index record_search_keys set (fastupdate = on, gin_pending_list_limit = 256);
    `,
  },
]

/** The advisory lock key that serialises migrations between processes sharing one PostgreSQL. */
const MIGRATION_LOCK = 7_355_608

export async function migrate(db: SqlDatabase): Promise<number[]> {
  await db.query(`create table if not exists schema_migrations (
    version integer primary key, name text not null, applied_at timestamptz not null default now())`)
  const applied: number[] = []
  for (const migration of MIGRATIONS) {
    await db.transaction(async (tx) => {
      await tx.query('select pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      const done = await tx.query('select 1 from schema_migrations where version = $1', [migration.version])
      if (done.length > 0) return
      await tx.query(migration.sql)
      await tx.query('insert into schema_migrations (version, name) values ($1, $2)', [migration.version, migration.name])
      applied.push(migration.version)
    })
  }
  return applied
}
