/**
 * Test-only: the `ws` package as Node loads it. Under vitest, vite-plugin-solid adds the `browser`
 * resolve condition, so `import 'ws'` finds ws's browser stub, which only throws. Test files that
 * run the server in-process mock `ws` with this module:
 *
 *   vi.mock('ws', () => import('./testing/node-ws'))
 *
 * (the same workaround as e2e/support/node-ws.ts; both go once the vitest config resolves `ws` for Node).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as WsModule from 'ws'

// By file, not by name: the workers resolve with the `browser` condition too.
const require = createRequire(import.meta.url)
const ws = require(join(dirname(require.resolve('ws/package.json')), 'index.js')) as typeof WsModule.default & typeof WsModule

export default ws
export const WebSocket = ws.WebSocket
export const WebSocketServer = ws.WebSocketServer
export const createWebSocketStream = ws.createWebSocketStream
