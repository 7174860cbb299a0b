/**
 * The real server as a child process: `node --import tsx server/main.ts` (or `scripts/start.mjs`,
 * as `npm start` runs it) with its own environment. Each child is its own process group, so a
 * kill reaches what it spawned too (start.mjs runs the server as a grandchild). Every child
 * started here is remembered until it exits; `killServerProcesses()` (call it in afterAll) ends
 * the ones still running, even when a test failed.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

export const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url))

const READY_LINE = /Tandem is running at (http:\/\/[^\s]+) /

export interface ServerProcessOptions {
  dataDir: string
  /** `server` runs server/main.ts; `npm-start` runs scripts/start.mjs (which builds the client if needed). */
  entry?: 'server' | 'npm-start'
  port?: number
  logLevel?: string
  env?: Record<string, string>
}

export interface Exit {
  code: number | null
  signal: NodeJS.Signals | null
}

export class ServerProcess {
  readonly exited: Promise<Exit>
  private out = ''
  private err = ''
  private exit: Exit | null = null

  constructor(readonly child: ChildProcess) {
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => { this.out += chunk })
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.err += chunk })
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      this.exit = { code, signal }
      running.delete(this)
      resolve(this.exit)
    }))
  }

  get pid(): number {
    return this.child.pid!
  }

  get stdout(): string {
    return this.out
  }

  get stderr(): string {
    return this.err
  }

  get hasExited(): boolean {
    return this.exit !== null
  }

  /** Resolves with the server's URL once it says it is listening; rejects if it exits first. */
  async ready(timeoutMs = 120_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const match = READY_LINE.exec(this.out)
      if (match) return match[1]!
      if (this.exit) throw new Error(`The server exited (${JSON.stringify(this.exit)}) before it was ready.\nstdout: ${this.out}\nstderr: ${this.err}`)
      if (Date.now() > deadline) throw new Error(`The server was not ready after ${timeoutMs} ms.\nstdout: ${this.out}\nstderr: ${this.err}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /**
   * Resolves with everything printed on stdout so far once `pattern` is in it; rejects if the
   * server exits first. Lines printed right after the ready line (the demo account) may arrive
   * in a later chunk than it.
   */
  async printed(pattern: RegExp, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      if (pattern.test(this.out)) return this.out
      if (this.exit) throw new Error(`The server exited (${JSON.stringify(this.exit)}) without printing ${pattern}.\nstdout: ${this.out}\nstderr: ${this.err}`)
      if (Date.now() > deadline) throw new Error(`The server did not print ${pattern} within ${timeoutMs} ms.\nstdout: ${this.out}\nstderr: ${this.err}`)
      await new Promise((resolve) => setTimeout(resolve, 20))
    }
  }

  /** Sends a signal to the whole process group and waits for the child to exit. */
  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<Exit> {
    if (!this.exit) signalGroup(this.pid, signal)
    return this.exited
  }

  /** What Ctrl-C in a terminal does: SIGINT to the whole process group; waits for the exit. */
  async interrupt(graceMs = 20_000): Promise<Exit> {
    if (!this.exit) signalGroup(this.pid, 'SIGINT')
    const timer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
    }
  }

  /** SIGTERM, then SIGKILL to the group if it has not exited within `graceMs`. */
  async stop(graceMs = 10_000): Promise<Exit> {
    if (this.exit) {
      signalGroup(this.pid, 'SIGKILL') // a grandchild may outlive its parent
      return this.exit
    }
    signalGroup(this.pid, 'SIGTERM')
    const timer = setTimeout(() => signalGroup(this.pid, 'SIGKILL'), graceMs)
    try {
      return await this.exited
    } finally {
      clearTimeout(timer)
      signalGroup(this.pid, 'SIGKILL')
    }
  }
}

const running = new Set<ServerProcess>()

export function startServerProcess(options: ServerProcessOptions): ServerProcess {
  const args = options.entry === 'npm-start'
    ? ['scripts/start.mjs']
    : ['--import', 'tsx', 'server/main.ts']
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    detached: true, // its own process group, so a kill reaches grandchildren
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      PATH: process.env.PATH ?? '/usr/bin:/bin',
      HOME: process.env.HOME ?? '/tmp',
      HOST: '127.0.0.1',
      PORT: String(options.port ?? 0),
      DATA_DIR: options.dataDir,
      LOG_LEVEL: options.logLevel ?? 'warn',
      ...options.env,
    },
  })
  const server = new ServerProcess(child)
  running.add(server)
  return server
}

export async function killServerProcesses(): Promise<void> {
  await Promise.all([...running].map((server) => server.kill('SIGKILL')))
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error
  }
}

export function wsUrlOf(httpUrl: string): string {
  return httpUrl.replace(/^http/, 'ws')
}
