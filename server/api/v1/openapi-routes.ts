/** `GET /api/v1/openapi.json`: the record API's OpenAPI document, public like any API reference. */
import { Hono } from 'hono'
import type { AppEnv } from '../app-env'
import { openapiDocument } from './openapi'

export function openapiRoutes() {
  const app = new Hono<AppEnv>()
  const document = openapiDocument()
  app.get('/openapi.json', (c) => c.json(document))
  return app
}
