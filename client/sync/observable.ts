/**
 * A tiny framework-free observable value: `get` and `subscribe`. The sync layer exposes its state
 * through these so the app can wrap them in Solid signals (or anything else) without this folder
 * importing a UI framework.
 */
export interface Observable<T> {
  get(): T
  /** Calls `listener` on every change (not with the current value); returns the unsubscribe. */
  subscribe(listener: (value: T) => void): () => void
}

export interface WritableObservable<T> extends Observable<T> {
  set(value: T): void
}

export function makeObservable<T>(initial: T, equals: (a: T, b: T) => boolean = Object.is): WritableObservable<T> {
  let value = initial
  const listeners = new Set<(value: T) => void>()
  return {
    get: () => value,
    set(next) {
      if (equals(value, next)) return
      value = next
      for (const listener of [...listeners]) listener(next)
    },
    subscribe(listener) {
      listeners.add(listener)
      return () => { listeners.delete(listener) }
    },
  }
}

/** Resolves once `predicate` holds for the observable's value (now or after a change). */
export function when<T>(observable: Observable<T>, predicate: (value: T) => boolean): Promise<T> {
  if (predicate(observable.get())) return Promise.resolve(observable.get())
  return new Promise((resolve) => {
    const stop = observable.subscribe((value) => {
      if (!predicate(value)) return
      stop()
      resolve(value)
    })
  })
}
