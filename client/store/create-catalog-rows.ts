/**
 * The local catalog's rows of one record type as a Solid signal, filtered by `keep` (a record's
 * related list: an account's contacts, a record's activities). Follows every change of the catalog,
 * own edits included, so a record created in place shows at once.
 */
import { createEffect, createMemo, type Accessor } from 'solid-js'
import type { CatalogListRow } from '../sync/catalog'
import type { SyncClient } from '../sync/sync-client'
import { createObservableSignal } from './create-observable-signal'

export function createCatalogRows(client: SyncClient, type: string, keep: (row: CatalogListRow) => boolean): Accessor<CatalogListRow[]> {
  const rows = createObservableSignal(client.catalog.watch({ type }))
  const kept = createMemo(() => rows().filter(keep))
  // Their records open offline too: documents not held here are fetched in the background.
  createEffect(() => client.prefetch(kept().map((row) => row.docName)))
  return kept
}
