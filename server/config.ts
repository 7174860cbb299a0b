/**
 * Configuration from the environment, parsed once at start. A bad value stops the server with a
 * message that names the variable.
 */
import { resolve } from 'node:path'
import { isLogLevel, type LogLevel } from './logger'

export interface Config {
  port: number
  host: string
  dataDir: string
  databaseUrl: string | undefined
  logLevel: LogLevel
  /** Where the built client is served from. */
  clientDir: string
  /** Milliseconds a document stays loaded after its last connection closes. */
  unloadAfterMs: number
  /** Origins besides the app's own allowed to open sockets and send state-changing requests. */
  allowedOrigins: string[]
}

export class ConfigError extends Error {}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const port = Number(env.PORT ?? 8787)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new ConfigError(`PORT must be a port number (0–65535), got "${env.PORT}"`)
  const logLevel = env.LOG_LEVEL ?? 'info'
  if (!isLogLevel(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of debug, info, warn, error, silent; got "${logLevel}"`)
  const databaseUrl = env.DATABASE_URL?.trim() || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// or postgresql:// URL')
  }
  const unloadAfterMs = Number(env.UNLOAD_AFTER_MS ?? 5000)
  if (!Number.isFinite(unloadAfterMs) || unloadAfterMs < 0) throw new ConfigError(`UNLOAD_AFTER_MS must be a number of milliseconds, got "${env.UNLOAD_AFTER_MS}"`)
  const allowedOrigins = (env.ALLOWED_ORIGINS ?? '').split(',').map((o) => o.trim()).filter(Boolean)
  for (const origin of allowedOrigins) {
    if (!/^https?:\/\/[^/\s]+$/.test(origin)) throw new ConfigError(`ALLOWED_ORIGINS must list origins like https://crm.example.com, got "${origin}"`)
  }
  return {
    allowedOrigins,
    port,
    host: env.HOST ?? '127.0.0.1',
    dataDir: resolve(env.DATA_DIR ?? './data'),
    databaseUrl,
    logLevel,
    clientDir: resolve(env.CLIENT_DIR ?? './dist/client'),
    unloadAfterMs,
  }
}
