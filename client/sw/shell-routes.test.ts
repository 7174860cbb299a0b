import { describe, expect, test } from 'vitest'
import { shellCacheName, shellRoute } from './shell-routes'

const origin = 'https://crm.example'
const files = new Set(['/favicon.svg', '/assets/index-abc.js'])
const get = (path: string, mode = 'cors', method = 'GET') => shellRoute({ url: `${origin}${path}`, method, mode }, origin, files)

describe('service worker routes', () => {
  test('page loads of any app path are pages, answered from the network first and the cached shell offline', () => {
    expect(get('/', 'navigate')).toBe('page')
    expect(get('/invite/abc', 'navigate')).toBe('page')
  })

  test('the API, the sync and live sockets and the health check are never answered nor cached, even as page loads', () => {
    for (const path of ['/api/auth/me', '/api/v1/workspaces/demo/accounts', '/sync/demo/account/x', '/live/demo', '/healthz']) {
      expect(get(path)).toBe('pass')
      expect(get(path, 'navigate')).toBe('pass')
    }
    expect(get('/apiary', 'navigate')).toBe('page')
  })

  test('the hashed assets and the favicon are shell files; other origins, other methods and unknown files pass', () => {
    expect(get('/assets/index-abc.js')).toBe('shell-file')
    expect(get('/assets/lazy-def.js')).toBe('shell-file')
    expect(get('/favicon.svg')).toBe('shell-file')
    expect(get('/robots.txt')).toBe('pass')
    expect(get('/assets/index-abc.js', 'cors', 'POST')).toBe('pass')
    expect(shellRoute({ url: 'https://cdn.example/assets/x.js', method: 'GET', mode: 'cors' }, origin, files)).toBe('pass')
  })

  test('a new build (other asset names) gets another cache name; the same files in another order the same one', () => {
    expect(shellCacheName(['/a.js', '/b.css'])).toBe(shellCacheName(['/b.css', '/a.js']))
    expect(shellCacheName(['/a.js', '/b.css'])).not.toBe(shellCacheName(['/a2.js', '/b.css']))
    expect(shellCacheName([])).toMatch(/^tandem-shell-/)
  })
})
