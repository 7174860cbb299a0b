/**
 * Serves the built client (dist/client): its files, and index.html for every other page path so
 * the app's own router takes over. When the client is not built, says how to build it. The service
 * worker (`/sw.js`, client/sw/) is revalidated on every check, so a new build reaches users at once.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { Hono } from 'hono'

export function serveClient(clientDir: string) {
  const app = new Hono()
  const indexPath = join(clientDir, 'index.html')
  app.use('/assets/*', serveStatic({ root: clientDir, onFound: (_path, c) => { c.header('cache-control', 'public, max-age=31536000, immutable') } }))
  app.use('/sw.js', serveStatic({ root: clientDir, onFound: (_path, c) => { c.header('cache-control', 'no-cache') } }))
  app.use('*', serveStatic({ root: clientDir }))
  app.get('*', (c) => {
    if (!existsSync(indexPath)) {
      return c.html('<!doctype html><title>Tandem</title><p>The client is not built yet. Run <code>npm run build</code> (or <code>npm start</code>, which builds it).</p>', 503)
    }
    c.header('cache-control', 'no-cache')
    return c.html(readFileSync(indexPath, 'utf8'))
  })
  return app
}
