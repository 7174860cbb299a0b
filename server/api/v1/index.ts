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

export function apiV1(services: Services) {
  const app = new Hono<AppEnv>()
  // Order matters: fixed paths (search, catalog) before `/:workspaceId/:type`.
  app.route('/', searchRoutes(services))
  app.route('/', catalogRoutes(services))
  app.route('/', historyRoutes(services))
  app.route('/', recordsRoutes(services))
  return app
}
