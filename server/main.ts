/**
 * The server process: reads the configuration, opens storage (taking the data directory's lock),
 * serves the app, API and sync on one port, and closes cleanly on SIGINT and SIGTERM — from the
 * first moment, so a Ctrl-C during start-up still releases the lock.
 */
import { serve } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { createApp } from './app'
import { ConfigError, readConfig } from './config'
import { createLogger } from './logger'
import { DEMO_USER, isLoopback, prepareDemoUser } from './auth/demo-user'
import { createServices } from './services'
import { DataDirLockedError } from './storage/data-dir-lock'
import { openStorage } from './storage/open-storage'
import { seedDemo } from './storage/demo-seed'

/** ws cuts frames above this itself (close 1009); the rooms refuse above their own, lower, limit. */
const WS_MAX_PAYLOAD = 32 * 1024 * 1024

/** What a shutdown must close; filled in as start-up gets that far. */
let closeRunning: (() => Promise<void>) | null = null
let stopRequested = false
let shuttingDown = false

let firstSignalAt = 0

function onSignal(signal: string): void {
  // Ctrl-C reaches the whole process group, and `npm start`'s wrapper relays it too: one press
  // arrives twice within milliseconds. A second press, later, means "now".
  if (stopRequested && Date.now() - firstSignalAt < 1000) return
  if (shuttingDown) {
    process.stderr.write(`${signal} again: exiting now.\n`)
    process.exit(1)
  }
  if (!stopRequested) firstSignalAt = Date.now()
  stopRequested = true
  if (closeRunning) void shutdown()
  // Otherwise start-up is still opening storage; it shuts down as soon as it has.
}

async function shutdown(): Promise<void> {
  shuttingDown = true
  try {
    await closeRunning?.()
    process.exit(0)
  } catch (error) {
    process.stderr.write(`tandem: unclean shutdown: ${String(error)}\n`)
    process.exit(1)
  }
}

async function main(): Promise<void> {
  process.on('SIGINT', () => onSignal('SIGINT'))
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  let config
  try {
    config = readConfig()
  } catch (error) {
    if (error instanceof ConfigError) fatal(`Configuration error: ${error.message}`)
    throw error
  }
  const logger = createLogger(config.logLevel)
  let storage
  try {
    storage = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl, logger })
  } catch (error) {
    if (error instanceof DataDirLockedError) fatal(error.message)
    fatal(`Could not open storage at ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}: ${(error as Error).message}`)
  }
  closeRunning = () => storage.close()
  if (stopRequested) return shutdown()

  const services = createServices({ storage, logger, unloadAfterMs: config.unloadAfterMs, allowedOrigins: config.allowedOrigins })
  const demo = isLoopback(config.host)
  const demoUserId = await prepareDemoUser(services.auth, demo)
  if (demo) services.demoUser = { email: DEMO_USER.email, password: DEMO_USER.password }
  // The demo workspace's roles and records, through the rooms (once: a restart writes nothing).
  await seedDemo(services, demoUserId ?? undefined).catch((error: unknown) => logger.error('could not seed the demo workspace', { error: String(error) }))
  // Rule checks lost when the server last stopped (they run after commits and are not durable).
  void services.rules?.sweep()
  const app = createApp(services, { clientDir: config.clientDir })
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, (info) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`
    logger.info('listening', { url, storage: storage.db.kind, location: storage.location })
    process.stdout.write(`Tandem is running at ${url} (storage: ${storage.db.kind}, ${storage.location})\n`)
    if (demo) process.stdout.write(`Demo workspace: sign in as ${DEMO_USER.email} with the password ${DEMO_USER.password} (only while listening on loopback)\n`)
  })
  closeRunning = async () => {
    logger.info('shutting down')
    server.close()
    // Let the commits in flight finish, then close every socket (4501: clients reconnect) and storage.
    await services.close()
    for (const client of wss.clients) client.terminate()
  }
  server.on('error', (error: NodeJS.ErrnoException) => {
    const message = error.code === 'EADDRINUSE'
      ? `Port ${config.port} is already in use. Stop what is using it, or start Tandem with another PORT.`
      : `The server failed: ${error.message}`
    void storage.close().finally(() => fatal(message))
  })
}

function fatal(message: string): never {
  process.stderr.write(`tandem: ${message}\n`)
  process.exit(1)
}

void main()
