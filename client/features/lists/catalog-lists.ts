/**
 * The catalog's lists by record type, one watched list per type for the whole workspace shell, so
 * the list page and the palette read the same sorted array (and so share its search index) instead
 * of each sorting every row again.
 */
import type { CatalogListRow, LocalCatalog } from '../../sync/catalog'
import type { Observable } from '../../sync/observable'

export interface CatalogLists {
  /** The live rows of one record type, by title (deleted ones left out). */
  of(type: string): Observable<readonly CatalogListRow[]>
}

export function makeCatalogLists(catalog: Pick<LocalCatalog, 'watch'>): CatalogLists {
  const lists = new Map<string, Observable<readonly CatalogListRow[]>>()
  return {
    of(type) {
      let list = lists.get(type)
      if (!list) {
        list = catalog.watch({ type })
        lists.set(type, list)
      }
      return list
    },
  }
}
