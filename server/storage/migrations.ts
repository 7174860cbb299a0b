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
