/**
 * SQL literals for values we insert inline (PGlite's group-commit path). Only for values of the
 * types below; identifiers must be plain lower-case names. Requires standard_conforming_strings
 * (on by default since PostgreSQL 9.1, and set explicitly when PGlite opens).
 */
import type { RowInsert, SqlValue } from './sql'

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

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
  let hex = ''
  for (let i = 0; i < value.length; i++) hex += HEX[value[i]!]
  return `'\\x${hex}'::bytea`
}

export function insertStatement(table: string, columns: readonly string[], rows: readonly SqlValue[][], ignoreConflicts = false): string {
  const values = rows.map((row) => {
    if (row.length !== columns.length) throw new Error(`a row of ${row.length} values for ${columns.length} columns`)
    return `(${row.map(literal).join(', ')})`
  })
  return `insert into ${identifier(table)} (${columns.map(identifier).join(', ')}) values ${values.join(', ')}${ignoreConflicts ? ' on conflict do nothing' : ''}`
}

/** Several inserts as one simple-protocol message, which PostgreSQL runs as one transaction. */
export function insertScript(inserts: readonly RowInsert[]): string {
  return inserts.filter((i) => i.rows.length > 0).map((i) => insertStatement(i.table, i.columns, i.rows, i.ignoreConflicts)).join(';\n')
}
