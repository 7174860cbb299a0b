import type { HttpBindings } from '@hono/node-server'
import type { Principal } from '../auth/principal'

/** The Hono environment of every route: Node bindings, and the request's principal. */
export interface AppEnv {
  Bindings: HttpBindings
  Variables: { principal: Principal | null }
}
