/**
 * Test helper for the cluster project: a fresh PostgreSQL schema per test, dropped afterwards.
 */
import pg from 'pg'

export function clusterDatabaseUrl(): string {
  return process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
}

export async function freshSchema(url: string): Promise<{ name: string; drop(): Promise<void> }> {
  const name = `t_${process.pid}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`
  const client = new pg.Client({ connectionString: url })
  try {
    await client.connect()
  } catch (error) {
    throw new Error(`The cluster tests need PostgreSQL at ${url} (${(error as Error).message}). ` +
      'Start it with: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start')
  }
  await client.query(`create schema ${name}`)
  await client.end()
  return {
    name,
    async drop() {
      const c = new pg.Client({ connectionString: url })
      await c.connect()
      await c.query(`drop schema if exists ${name} cascade`)
      await c.end()
    },
  }
}
