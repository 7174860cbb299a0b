/** The hash router (client/router.ts) as a Solid signal, for the life of the owner. */
import { onCleanup, type Accessor } from 'solid-js'
import { makeHashRouter, type Navigate, type Route } from '../../router'
import { createObservableSignal } from '../../store/create-observable-signal'

export function createHashRoute(): { route: Accessor<Route>; navigate: Navigate } {
  const router = makeHashRouter(window)
  onCleanup(() => router.destroy())
  return { route: createObservableSignal(router.route), navigate: router.navigate }
}
