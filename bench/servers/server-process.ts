/**
 * Starts a server under test as a child process (ours: `server/main.ts` on PGlite in a fresh
 * temporary DATA_DIR; the peers: their scripts beside this file), with the probe preloaded, and
 * talks to the probe over IPC. Every child listens on 127.0.0.1 and a free port.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Dialect } from '../clients/dialects'
import { HOCUSPOCUS_DIALECT, Y_WEBSOCKET_DIALECT } from '../clients/dialects'
import type { ProbeReply, ProbeRequest, ProbeSample } from './probe'

export type ServerKind = 'tandem' | 'y-websocket' | 'hocuspocus'

export const SERVER_LABEL: Record<ServerKind, string> = {
  tandem: 'Tandem (PGlite, commit before broadcast)',
  'y-websocket': 'y-websocket 2.1.0 reference (memory)',
  hocuspocus: 'Hocuspocus 3.4 stock (memory)',
}

const REPO = new URL('../../', import.meta.url)
/** The workspace the benchmark's documents live in: the demo workspace every fresh server has. */
export const BENCH_WORKSPACE = 'demo'
const READY_LINE = /is running at (http:\/\/127\.0\.0\.1:(\d+))/
const START_TIMEOUT_MS = 60_000
const PROBE_TIMEOUT_MS = 30_000

export class ServerProcess {
  private nextId = 1
  private readonly pending = new Map<number, { resolve(reply: ProbeReply): void; reject(error: Error): void }>()
  private stderr = ''
  exited = false
  /** Sent with every client socket: ours wants a signed-in principal (see `authorize`). */
  headers: Record<string, string> = {}

  private constructor(
    readonly kind: ServerKind,
    readonly child: ChildProcess,
    readonly port: number,
    readonly dialect: Dialect,
    /** A temporary data directory this process owns and removes on stop. */
    private readonly dataDir: string | null,
  ) {
    child.on('message', (reply: ProbeReply) => {
      const waiter = this.pending.get(reply.id)
      if (!waiter) return
      this.pending.delete(reply.id)
      waiter.resolve(reply)
    })
    child.stderr?.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-4000) })
    child.on('exit', () => {
      this.exited = true
      for (const waiter of this.pending.values()) waiter.reject(new Error(`${kind} exited: ${this.stderr}`))
      this.pending.clear()
    })
  }

  get pid(): number {
    return this.child.pid!
  }

  get httpUrl(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`
  }

  /** Ours gets a fresh temporary DATA_DIR, removed on stop, unless `dataDir` names one to reuse (kept). */
  static async start(kind: ServerKind, options: { dataDir?: string } = {}): Promise<ServerProcess> {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
    delete env.DATABASE_URL
    delete env.YPERSISTENCE
    delete env.NODE_OPTIONS
    let ownDataDir: string | null = null
    let script: string
    if (kind === 'tandem') {
      if (!options.dataDir) ownDataDir = mkdtempSync(join(tmpdir(), 'tandem-bench-'))
      Object.assign(env, { PORT: '0', HOST: '127.0.0.1', DATA_DIR: options.dataDir ?? ownDataDir, LOG_LEVEL: 'warn' })
      script = new URL('server/main.ts', REPO).pathname
    } else {
      script = new URL(kind === 'hocuspocus' ? './hocuspocus-server.ts' : './reference-server.ts', import.meta.url).pathname
    }
    const probe = pathToFileURL(new URL('./probe.ts', import.meta.url).pathname).href
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', probe, script], {
      cwd: REPO.pathname,
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const port = await new Promise<number>((resolve, reject) => {
      let out = ''
      let err = ''
      const timer = setTimeout(() => fail(new Error(`${kind} did not start within ${START_TIMEOUT_MS} ms: ${err}`)), START_TIMEOUT_MS)
      const fail = (error: Error) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(error)
      }
      child.stderr!.on('data', (chunk: Buffer) => { err = (err + chunk.toString()).slice(-4000) })
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = READY_LINE.exec(out)
        if (match) {
          clearTimeout(timer)
          resolve(Number(match[2]))
        }
      })
      child.once('exit', (code) => fail(new Error(`${kind} exited with ${code} before it was ready: ${err}`)))
    })
    child.stdout!.resume()
    const dialect = kind === 'hocuspocus' ? HOCUSPOCUS_DIALECT : Y_WEBSOCKET_DIALECT
    const server = new ServerProcess(kind, child, port, dialect, ownDataDir)
    if (kind === 'tandem') {
      try {
        await server.authorize()
      } catch (error) {
        await server.stop()
        throw error
      }
    }
    return server
  }

  /**
   * Our sync sockets need a principal. On loopback the server has a demo user: sign in as it and
   * make an API token for the demo workspace, so the clients connect as one `member` token (a
   * session would also do, but a user may hold at most 200 sockets). The peers need nothing.
   */
  private async authorize(): Promise<void> {
    const demo = await fetch(`${this.httpUrl}/api/auth/demo`)
    if (demo.status === 404) return // a server without sign-in
    if (!demo.ok) throw new Error(`GET /api/auth/demo answered ${demo.status}`)
    const { email, password } = (await demo.json()) as { email: string; password: string }
    const signIn = await fetch(`${this.httpUrl}/api/auth/sign-in`, {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password }),
    })
    if (!signIn.ok) throw new Error(`sign-in as ${email} answered ${signIn.status}: ${await signIn.text()}`)
    const cookie = signIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ')
    const created = await fetch(`${this.httpUrl}/api/workspaces/${BENCH_WORKSPACE}/tokens`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: JSON.stringify({ name: 'bench', role: 'member' }),
    })
    if (!created.ok) throw new Error(`creating an API token answered ${created.status}: ${await created.text()}`)
    const { token } = (await created.json()) as { token: string }
    this.headers = { authorization: `Bearer ${token}` }
  }

  async sample(options: { gc?: boolean } = {}): Promise<ProbeSample> {
    const reply = await this.request({ op: 'sample', ...options })
    if (!reply.sample) throw new Error('the probe sent no sample')
    return reply.sample
  }

  async profileStart(): Promise<void> {
    await this.request({ op: 'profile-start' })
  }

  async profileStop(path: string): Promise<void> {
    await this.request({ op: 'profile-stop', path })
  }

  async heapProfileStart(): Promise<void> {
    await this.request({ op: 'heap-start' })
  }

  async heapProfileStop(path: string): Promise<void> {
    await this.request({ op: 'heap-stop', path })
  }

  /** Our server's /metrics, parsed into name{labels} → value. */
  async metrics(): Promise<Map<string, number>> {
    const res = await fetch(`${this.httpUrl}/metrics`)
    const text = await res.text()
    const values = new Map<string, number>()
    for (const line of text.split('\n')) {
      if (line.startsWith('#') || line.trim() === '') continue
      const space = line.lastIndexOf(' ')
      values.set(line.slice(0, space), Number(line.slice(space + 1)))
    }
    return values
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
      this.child.kill('SIGTERM')
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
      await exited
      clearTimeout(timer)
    }
    if (this.dataDir) rmSync(this.dataDir, { recursive: true, force: true })
  }

  private request(body: Omit<ProbeRequest, 'id'>): Promise<ProbeReply & { ok: true }> {
    if (this.exited) return Promise.reject(new Error(`${this.kind} has exited: ${this.stderr}`))
    const id = this.nextId++
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${this.kind} probe did not answer ${body.op} within ${PROBE_TIMEOUT_MS} ms`))
      }, PROBE_TIMEOUT_MS)
      this.pending.set(id, {
        resolve: (reply) => {
          clearTimeout(timer)
          if (reply.ok) resolve(reply)
          else reject(new Error(`${this.kind} probe: ${reply.error}`))
        },
        reject: (error) => { clearTimeout(timer); reject(error) },
      })
      this.child.send({ id, ...body } satisfies ProbeRequest)
    })
  }
}
