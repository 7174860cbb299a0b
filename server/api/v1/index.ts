/**
 * The record API, /api/v1 (docs/api.md, and the OpenAPI document it serves). Each part is its own
 * router; all of them answer only what the principal may read (server/auth/access.ts).
 */
import { Hono } from 'hono'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'
import { catalogRoutes } from './catalog-routes'
import { historyRoutes } from './history-routes'
import { recordsRoutes } from './records-routes'
import { searchRoutes } from './search-routes'

/** How long a request may wait for the commits before it to be written (plus the write). */
const READ_WAIT_MS = 100

export function apiV1(services: Services) {
  const app = new Hono<AppEnv>()
  // Every route reads the projection, history and search rows (a create looks for duplicates, a
  // patch checks the version), which the embedded store writes a little after a commit
  // (server/storage/journaled-store.ts): a request waits until they hold every commit made before
  // it, so "saved" on a page is in the history the next request shows; the store writes them
  // within `READ_WAIT_MS` rather than at its own, busy-server pace. While the database fails to
  // take them, it goes on with what the database has rather than an error.
  app.use('*', async (_c, next) => {
    await services.storage.store.stored(READ_WAIT_MS).catch(() => {})
    await next()
  })
  // Order matters: fixed paths (search, catalog) before `/:workspaceId/:type`.
  app.route('/', searchRoutes(services))
  app.route('/', catalogRoutes(services))
  app.route('/', historyRoutes(services))
  app.route('/', recordsRoutes(services))
  return app
}
