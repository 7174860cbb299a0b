/**
 * The `ws` package as Node loads it.
 *
 * Under vitest, vite-plugin-solid adds the `browser` resolve condition in test mode, so a plain
 * `import 'ws'` resolves to ws's browser stub (`ws/browser.js`, which only throws). Test files that
 * run the server in-process (which imports `ws`) therefore mock `ws` with this module:
 *
 *   vi.mock('ws', () => import('./support/node-ws'))
 *
 * and test helpers import `WebSocket` from here. Remove once vite.config.ts resolves `ws` for Node
 * under vitest (an alias of `ws` to `node_modules/ws/index.js` does it).
 */
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type * as WsModule from 'ws'

// By file, not by name: vitest also runs its workers with the `browser` condition, so even
// `require('ws')` would find the stub.
const require = createRequire(import.meta.url)
const ws = require(join(dirname(require.resolve('ws/package.json')), 'index.js')) as typeof WsModule.default & typeof WsModule

export default ws
export const WebSocket = ws.WebSocket
export const WebSocketServer = ws.WebSocketServer
export const createWebSocketStream = ws.createWebSocketStream
