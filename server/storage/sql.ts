/**
 * The one SQL surface both backends offer: PGlite (embedded) and PostgreSQL (`pg`). Everything above
 * it is written once, in the same SQL, against this interface.
 */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>
}

export type SqlValue = string | number | null | Uint8Array

/**
 * Rows for one table; with `ignoreConflicts`, rows whose key exists are skipped; with `upsert`,
 * rows whose `key` exists have the `update` columns overwritten instead.
 */
export interface RowInsert {
  table: string
  columns: readonly string[]
  rows: readonly SqlValue[][]
  ignoreConflicts?: boolean
  upsert?: { key: readonly string[]; update: readonly string[] }
}

/** Any statement with `$n` parameters, for the writes a row list cannot say (upserts with a counter). */
export interface Statement {
  text: string
  params: readonly SqlValue[]
}

export type BatchPart = RowInsert | Statement

export function isStatement(part: BatchPart): part is Statement {
  return 'text' in part
}

export interface SqlDatabase extends SqlRunner {
  readonly kind: 'pglite' | 'postgres'
  /**
   * Inserts rows into one or more tables atomically, one `INSERT … VALUES` per table (the hot path
   * of group commit). The SQL is
   * the same on both backends; PGlite gets the values inline (one simple-protocol message, about
   * half the CPU of binding parameters through its extended protocol), PostgreSQL as parameters.
   */
  insertRows(inserts: readonly BatchPart[]): Promise<void>
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>
  close(): Promise<void>
}
