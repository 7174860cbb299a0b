import { createSignal, onCleanup, type Accessor } from 'solid-js'
import type { Observable } from '../sync/observable'

/** A Solid signal that follows a sync-layer observable while the owner lives. */
export function createObservableSignal<T>(observable: Observable<T>): Accessor<T> {
  const [value, setValue] = createSignal<T>(observable.get(), { equals: false })
  onCleanup(observable.subscribe((next) => setValue(() => next)))
  return value
}
