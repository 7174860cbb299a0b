/**
 * The one SQL surface both backends offer: PGlite (embedded) and PostgreSQL (`pg`). Everything above
 * it is written once, in the same SQL, against this interface.
 */
export interface SqlRunner {
  query<Row = Record<string, unknown>>(text: string, params?: unknown[]): Promise<Row[]>
}

export interface SqlDatabase extends SqlRunner {
  readonly kind: 'pglite' | 'postgres'
  /** Runs `work` in one transaction; rolls back if it throws. */
  transaction<T>(work: (tx: SqlRunner) => Promise<T>): Promise<T>
  close(): Promise<void>
}
