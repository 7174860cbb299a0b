/**
 * One IndexedDB transaction over an idb-keyval store, with requests chained by callbacks.
 *
 * Requests are chained in their `onsuccess` handlers, never across awaited promises: whether a
 * transaction is still active in a promise continuation differs between browsers and
 * fake-indexeddb, and an inactive one throws. The promise resolves only on the transaction's
 * `complete` event, which is when IndexedDB says the writes are saved; an exception in a handler
 * aborts the transaction, so nothing of it is written, and rejects with that exception.
 */
import type { UseStore } from 'idb-keyval'

export interface Tx {
  readonly store: IDBObjectStore
  /** Runs `then` with the request's result inside the transaction. */
  on<R>(request: IDBRequest<R>, then: (result: R) => void): void
}

export function transact<T>(useStore: UseStore, mode: IDBTransactionMode, body: (tx: Tx) => () => T): Promise<T> {
  return useStore(mode, (store) => new Promise<T>((resolve, reject) => {
    const transaction = store.transaction
    let failure: unknown = null
    const fail = (error: unknown) => {
      failure ??= error
      try {
        transaction.abort()
      } catch {
        // Already finished or aborting: the abort handler reports `failure`.
      }
    }
    const tx: Tx = {
      store,
      on(request, then) {
        request.onsuccess = () => {
          try {
            then(request.result)
          } catch (error) {
            fail(error)
          }
        }
      },
    }
    let result: () => T = () => undefined as T
    try {
      result = body(tx)
    } catch (error) {
      fail(error)
    }
    transaction.oncomplete = () => {
      try {
        resolve(result())
      } catch (error) {
        reject(error)
      }
    }
    transaction.onabort = () => reject(failure ?? transaction.error ?? new Error('The IndexedDB transaction was aborted.'))
  }))
}
