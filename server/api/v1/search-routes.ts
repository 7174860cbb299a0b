/** /api/v1/<workspaceId>/…: placeholder; filled in by the records issue. */
import { Hono } from 'hono'
import type { Services } from '../../services'
import type { AppEnv } from '../app-env'

export function searchRoutes(_services: Services) {
  return new Hono<AppEnv>()
}
