/**
 * Storage benchmarks run in a child process each (a clean heap and their own PGlite), take their
 * settings as JSON in argv[2] and print their result as one `RESULT <json>` line.
 */
import { spawn } from 'node:child_process'

const RESULT_PREFIX = 'RESULT '
const SCRIPT_TIMEOUT_MS = 5 * 60_000

export function readScriptSettings<T>(): T {
  const raw = process.argv[2]
  if (!raw) throw new Error('expected the settings as JSON in argv[2]')
  return JSON.parse(raw) as T
}

export function printResult(result: unknown): void {
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`)
}

/** Runs a benchmark script beside this file in a child process and returns its result. */
export function runScript<T>(name: string, settings: unknown): Promise<T> {
  const script = new URL(`./${name}`, import.meta.url).pathname
  const env: NodeJS.ProcessEnv = { ...process.env }
  delete env.NODE_OPTIONS
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, JSON.stringify(settings)], {
    env, stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  let err = ''
  child.stdout.on('data', (chunk: Buffer) => { out += chunk.toString() })
  child.stderr.on('data', (chunk: Buffer) => { err = (err + chunk.toString()).slice(-4000) })
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), SCRIPT_TIMEOUT_MS)
    child.on('exit', (code, signal) => {
      clearTimeout(timer)
      const line = out.split('\n').find((l) => l.startsWith(RESULT_PREFIX))
      if (code === 0 && line) return resolve(JSON.parse(line.slice(RESULT_PREFIX.length)) as T)
      reject(new Error(`${name} failed (${signal ?? `exit ${code}`}): ${err || out.slice(-2000)}`))
    })
  })
}
