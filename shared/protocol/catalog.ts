/**
 * The catalog pull's answer (DESIGN.md §3), `GET /api/v1/<workspaceId>/catalog`:
 *
 *   { rows: CatalogRow[], next: "<opaque cursor>" | null, seq: <the workspace's counter> }
 *
 * Rows are the server's projection of each record (the `records` table), in change order,
 * deletions included (`deleted: true`). The client parses the answer here, once, where it enters.
 */

export interface CatalogRow {
  id: string
  type: string
  /** `<workspaceId>/<type>/<id>`: the record's document. */
  docName: string
  title: string
  /** Every field value: long text as strings, sets as arrays. */
  fields: Record<string, unknown>
  /** The titles of the records it references, by id. */
  refTitles: Record<string, string>
  deleted: boolean
  /** Bumps with each projected change (the REST ETag). */
  version: number
  changeSeq: number
  updatedAt: string
  updatedBy: string
  ownerId: string | null
  accountId: string | null
}

export interface CatalogPageAnswer {
  rows: CatalogRow[]
  next: string | null
  seq: number
}

export class CatalogFormatError extends Error {
  override readonly name = 'CatalogFormatError'
}

/** Parses a catalog answer; throws `CatalogFormatError` naming the first thing that is wrong. */
export function readCatalogPage(value: unknown): CatalogPageAnswer {
  const page = object(value, 'the answer')
  if (!Array.isArray(page.rows)) throw new CatalogFormatError('"rows" is not a list')
  if (page.next !== null && typeof page.next !== 'string') throw new CatalogFormatError('"next" is neither a cursor nor null')
  return { rows: page.rows.map((row, i) => readCatalogRow(row, i)), next: page.next, seq: wholeNumber(page.seq, '"seq"') }
}

/** Parses one row (also what a client stored of one). */
export function readCatalogRow(value: unknown, index: number | string = 0): CatalogRow {
  const where = `row ${index}`
  const row = object(value, where)
  const text = (key: string) => {
    if (typeof row[key] !== 'string') throw new CatalogFormatError(`${where}: "${key}" is not text`)
    return row[key] as string
  }
  const textOrNull = (key: string) => (row[key] === null ? null : text(key))
  const refTitles = object(row.refTitles, `${where}: "refTitles"`)
  if (Object.values(refTitles).some((t) => typeof t !== 'string')) throw new CatalogFormatError(`${where}: a title in "refTitles" is not text`)
  if (typeof row.deleted !== 'boolean') throw new CatalogFormatError(`${where}: "deleted" is not true or false`)
  return {
    id: text('id'), type: text('type'), docName: text('docName'), title: text('title'),
    fields: object(row.fields, `${where}: "fields"`), refTitles: refTitles as Record<string, string>, deleted: row.deleted,
    version: wholeNumber(row.version, `${where}: "version"`), changeSeq: wholeNumber(row.changeSeq, `${where}: "changeSeq"`),
    updatedAt: text('updatedAt'), updatedBy: text('updatedBy'), ownerId: textOrNull('ownerId'), accountId: textOrNull('accountId'),
  }
}

function object(value: unknown, what: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new CatalogFormatError(`${what} is not an object`)
  return value as Record<string, unknown>
}

function wholeNumber(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new CatalogFormatError(`${what} is not a whole number of 0 or more`)
  return value
}
