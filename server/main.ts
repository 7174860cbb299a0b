/**
 * The server process: reads the configuration, opens storage (taking the data directory's lock),
 * serves the app, API and sync on one port, and closes cleanly on SIGINT and SIGTERM.
 */
import { serve } from '@hono/node-server'
import { WebSocketServer } from 'ws'
import { createApp } from './app'
import { ConfigError, readConfig } from './config'
import { createLogger } from './logger'
import { createServices } from './services'
import { DataDirLockedError } from './storage/data-dir-lock'
import { openStorage } from './storage/open-storage'

/** ws cuts frames above this itself (close 1009); the rooms refuse above their own, lower, limit. */
const WS_MAX_PAYLOAD = 32 * 1024 * 1024

async function main(): Promise<void> {
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
    storage = await openStorage({ dataDir: config.dataDir, databaseUrl: config.databaseUrl })
  } catch (error) {
    if (error instanceof DataDirLockedError) fatal(error.message)
    fatal(`Could not open storage at ${config.databaseUrl ? 'DATABASE_URL' : config.dataDir}: ${(error as Error).message}`)
  }
  const services = createServices({ storage, logger, unloadAfterMs: config.unloadAfterMs })
  const app = createApp(services, { clientDir: config.clientDir })
  const wss = new WebSocketServer({ noServer: true, maxPayload: WS_MAX_PAYLOAD })
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host, websocket: { server: wss } }, (info) => {
    const url = `http://${info.address.includes(':') ? `[${info.address}]` : info.address}:${info.port}`
    logger.info('Tandem is listening', { url, storage: storage.db.kind, location: storage.location })
    process.stdout.write(`Tandem is running at ${url} (storage: ${storage.db.kind}, ${storage.location})\n`)
  })
  server.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EADDRINUSE') fatal(`Port ${config.port} is already in use. Stop what is using it, or start Tandem with another PORT.`)
    fatal(`The server failed: ${error.message}`)
  })

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) {
      process.stderr.write(`${signal} again: exiting now.\n`)
      process.exit(1)
    }
    stopping = true
    logger.info('shutting down', { signal })
    server.close()
    for (const client of wss.clients) client.terminate()
    try {
      await services.close()
      process.exit(0)
    } catch (error) {
      logger.error('unclean shutdown', { error: String(error) })
      process.exit(1)
    }
  }
  process.on('SIGINT', () => void stop('SIGINT'))
  process.on('SIGTERM', () => void stop('SIGTERM'))
}

function fatal(message: string): never {
  process.stderr.write(`tandem: ${message}\n`)
  process.exit(1)
}

void main()
