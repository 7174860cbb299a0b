/**
 * SQL literals for values we insert inline (PGlite's group-commit path). Only for values of the
 * types below; identifiers must be plain lower-case names. Requires standard_conforming_strings
 * (on by default since PostgreSQL 9.1, and set explicitly when PGlite opens).
 */
import { isStatement, type BatchPart, type RowInsert, type SqlValue } from './sql'
import type { TimeSlices } from './time-slices'

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/

export function identifier(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`not a plain SQL identifier: ${JSON.stringify(name)}`)
  return name
}

export function literal(value: SqlValue): string {
  if (value === null) return 'NULL'
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`cannot write ${value} as an SQL number`)
    return String(value)
  }
  if (typeof value === 'string') {
    if (value.includes('\u0000')) throw new Error('text values cannot contain NUL characters')
    return `'${value.replaceAll("'", "''")}'`
  }
  // Node's own hex encoder: a string built a byte at a time was a tenth of a batch's main-thread work.
  return `'\\x${Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')}'::bytea`
}

export function insertStatement(insert: RowInsert): string {
  const { table, columns, rows } = insert
  const values = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`a row of ${row.length} values for ${columns.length} columns`)
    return `(${row.map(literal).join(', ')})`
  })
  return `insert into ${identifier(table)} (${columns.map(identifier).join(', ')}) values ${values.join(', ')}${conflictClause(insert)}`
}

/** The `on conflict` clause of an insert, the same on both backends. */
export function conflictClause(insert: RowInsert): string {
  if (insert.upsert) {
    const sets = insert.upsert.update.map((c) => `${identifier(c)} = excluded.${identifier(c)}`).join(', ')
    return ` on conflict (${insert.upsert.key.map(identifier).join(', ')}) do update set ${sets}`
  }
  return insert.ignoreConflicts ? ' on conflict do nothing' : ''
}

/** A statement with its `$n` parameters written inline as literals. */
export function inlineParams(statement: { text: string; params: readonly SqlValue[] }): string {
  return statement.text.replace(/\$(\d+)/g, (_, n: string) => {
    const index = Number(n) - 1
    if (index < 0 || index >= statement.params.length) throw new Error(`no parameter $${n}`)
    return literal(statement.params[index]!)
  })
}

/** Several writes as one simple-protocol message, which PostgreSQL runs as one transaction. */
export function insertScript(parts: readonly BatchPart[]): string {
  return parts
    .filter((p) => isStatement(p) || p.rows.length > 0)
    .map((p) => (isStatement(p) ? inlineParams(p) : insertStatement(p)))
    .join(';\n')
}

/**
 * The same script, written a statement at a time in slices of the event loop (a batch behind the
 * journal has statements of hundreds of rows: its text at once held up every socket).
 */
export async function insertScriptInSlices(parts: readonly BatchPart[], slices: TimeSlices): Promise<string> {
  const statements: string[] = []
  for (const part of parts) {
    if (slices.due()) await slices.pause()
    const statement = insertScript([part])
    if (statement) statements.push(statement)
  }
  return statements.join(';\n')
}
