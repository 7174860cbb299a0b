/**
 * The notice a document's commits give after each turn of the event loop (rules, catalog pokes):
 * which document, and which of its fields the commits changed — scalar field names, and root names
 * for long text and sets. `CREATED` is among them when the document's first update was.
 */
export const CREATED = '@created'

export type CommitListener = (docName: string, fields: ReadonlySet<string>) => void
