import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serve, type ServerType } from '@hono/node-server'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { serveClient } from './serve-client'

let dir: string
let server: ServerType
let base: string

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'serve-client-'))
  mkdirSync(join(dir, 'assets'))
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Tandem</title>')
  writeFileSync(join(dir, 'sw.js'), 'self.addEventListener("fetch", () => {})')
  writeFileSync(join(dir, 'assets', 'index-abc.js'), 'console.log(1)')
  // Through a real Node server: the static files' headers are set by the Node adapter.
  await new Promise<void>((resolve) => { server = serve({ fetch: serveClient(dir).fetch, port: 0, hostname: '127.0.0.1' }, () => resolve()) })
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  await new Promise((resolve) => server.close(resolve))
  rmSync(dir, { recursive: true, force: true })
})

describe('serving the built client', () => {
  test('the service worker is served as JavaScript and revalidated on every check, so a new build reaches users at once', async () => {
    const res = await fetch(`${base}/sw.js`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/javascript/)
    expect(res.headers.get('cache-control')).toBe('no-cache')
  })

  test('hashed assets are cached for a year, and any page path answers index.html without a long cache', async () => {
    const asset = await fetch(`${base}/assets/index-abc.js`)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const page = await fetch(`${base}/invite/some-token`)
    expect(page.status).toBe(200)
    expect(await page.text()).toContain('<title>Tandem</title>')
    expect(page.headers.get('cache-control')).toBe('no-cache')
  })
})
