/**
 * The scale-out backend: PostgreSQL through `pg`, a connection pool, the same SQL as PGlite.
 */
import pg from 'pg'
import { isStatement, type SqlDatabase, type SqlRunner, type SqlValue } from './sql'
import { conflictClause, identifier } from './sql-literal'

/** PostgreSQL's limit of bound parameters per statement. */
const PARAMETER_LIMIT = 65_535

// bigint columns come back as strings by default; ours (ids, counts) stay within 2^53.
pg.types.setTypeParser(20, (value: string) => Number(value))

export async function openPostgres(connectionString: string, options: { schema?: string; max?: number } = {}): Promise<SqlDatabase> {
  const pool = new pg.Pool({
    connectionString,
    max: options.max ?? 10,
    ...(options.schema ? { options: `-c search_path=${options.schema}` } : {}),
  })
  pool.on('error', (error) => {
    // An idle client lost its connection; the pool replaces it. Say so rather than crash.
    console.error(JSON.stringify({ level: 'error', msg: 'postgres idle client error', error: error.message }))
  })
  const runner = (client: pg.Pool | pg.PoolClient): SqlRunner => ({
    async query<Row>(text: string, params?: unknown[]) {
      return (await client.query(text, params)).rows as Row[]
    },
  })
  await pool.query('select 1')
  const transaction = async <T>(work: (tx: SqlRunner) => Promise<T>): Promise<T> => {
    const client = await pool.connect()
    try {
      await client.query('begin')
      const result = await work(runner(client))
      await client.query('commit')
      return result
    } catch (error) {
      await client.query('rollback').catch(() => {})
      throw error
    } finally {
      client.release()
    }
  }
  return {
    kind: 'postgres',
    query: (text, params) => runner(pool).query(text, params),
    async insertRows(inserts) {
      const statements: Array<[string, SqlValue[]]> = []
      for (const part of inserts) {
        if (isStatement(part)) {
          statements.push([part.text, [...part.params]])
          continue
        }
        const { table, columns, rows } = part
        const perStatement = Math.floor(PARAMETER_LIMIT / columns.length)
        for (let start = 0; start < rows.length; start += perStatement) {
          const params: SqlValue[] = []
          const values = rows.slice(start, start + perStatement).map((row) =>
            `(${row.map((value) => { params.push(value); return `$${params.length}` }).join(', ')})`)
          statements.push([`insert into ${identifier(table)} (${columns.map(identifier).join(', ')}) values ${values.join(', ')}${conflictClause(part)}`, params])
        }
      }
      if (statements.length === 0) return
      if (statements.length === 1) return void (await pool.query(statements[0]![0], statements[0]![1]))
      await transaction(async (tx) => { for (const [text, params] of statements) await tx.query(text, params) })
    },
    transaction,
    close: () => pool.end(),
  }
}
