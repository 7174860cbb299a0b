/**
 * Opening the client's own IndexedDB databases so that an upgrade never leaves a tab silently
 * empty. A newer build in another tab upgrades a database by opening it at a higher version; that
 * open waits (`blocked`) until every older connection closes. So every connection opened here
 * closes itself on `versionchange` and says so (`replaced`: this tab runs old code and needs a
 * reload), and an open that is blocked says so (`blocked`: other tabs must close) and keeps
 * waiting; it goes on by itself once they let go (`unblocked`).
 *
 * What happened is announced per database name to whoever watches it (the sync client of that
 * namespace turns it into a problem the shell shows), because the stores open in constructors
 * that know nothing of the client's problems.
 */
import type { UseStore } from 'idb-keyval'

export type LocalDatabaseEvent = 'blocked' | 'unblocked' | 'replaced'

type Listener = (event: LocalDatabaseEvent, name: string) => void

const listeners = new Map<string, Set<Listener>>()

/** Tells `listener` what happens to these databases' connections; returns the unsubscribe. */
export function watchLocalDatabases(names: readonly string[], listener: Listener): () => void {
  for (const name of names) {
    let set = listeners.get(name)
    if (!set) listeners.set(name, (set = new Set()))
    set.add(listener)
  }
  return () => {
    for (const name of names) {
      const set = listeners.get(name)
      set?.delete(listener)
      if (set?.size === 0) listeners.delete(name)
    }
  }
}

function announce(event: LocalDatabaseEvent, name: string): void {
  for (const listener of [...(listeners.get(name) ?? [])]) listener(event, name)
}

/**
 * Opens `name` (at `version`, or the current one when omitted), running `upgrade` when it is
 * created or upgraded. The connection closes itself when a newer version is opened elsewhere.
 */
export function openLocalDatabase(name: string, version: number | undefined, upgrade: (request: IDBOpenDBRequest, event: IDBVersionChangeEvent) => void): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = version === undefined ? indexedDB.open(name) : indexedDB.open(name, version)
    let blocked = false
    request.onupgradeneeded = (event) => upgrade(request, event)
    request.onsuccess = () => {
      const db = request.result
      db.onversionchange = () => {
        // Holding on would keep the newer build's upgrade waiting, and with it that tab's lists.
        db.close()
        announce('replaced', name)
      }
      if (blocked) announce('unblocked', name)
      resolve(db)
    }
    request.onerror = () => reject(request.error ?? new Error(`The local database ${name} could not be opened.`))
    request.onblocked = () => {
      // Not an error: the open goes on by itself (success follows) once the other tabs let go.
      blocked = true
      announce('blocked', name)
    }
  })
}

/** idb-keyval's `createStore`, but opened through `openLocalDatabase`. */
export function localKeyValStore(name: string, storeName: string): UseStore {
  const db = openLocalDatabase(name, undefined, (request) => {
    if (!request.result.objectStoreNames.contains(storeName)) request.result.createObjectStore(storeName)
  })
  return (mode, callback) => db.then((d) => callback(d.transaction(storeName, mode).objectStore(storeName)))
}
