/**
 * Peer 2, Hocuspocus (`@hocuspocus/server` 3.x) in its stock configuration: no extensions, so
 * nothing is persisted (its `onStoreDocument` would run debounced, after broadcast, anyway).
 * Only the address, port and start screen are set.
 */
import { Server } from '@hocuspocus/server'
import { announceReady } from './announce-ready'

const server = new Server({ port: 0, address: '127.0.0.1', quiet: true, stopOnSignals: false })
await server.listen()
announceReady('Hocuspocus', server.address.port)
process.on('SIGTERM', () => {
  setTimeout(() => process.exit(0), 2000).unref()
  void server.destroy().finally(() => process.exit(0))
})
