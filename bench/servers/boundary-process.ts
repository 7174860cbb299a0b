/**
 * Starts `boundary-server.ts` as a child process with the probe preloaded (the same probe every
 * server of the bench has: CPU time, memory, event-loop delay over IPC), and hands out the session
 * cookies it made.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { pathToFileURL } from 'node:url'
import type { ProbeReply, ProbeRequest, ProbeSample } from './probe'

const REPO = new URL('../../', import.meta.url)
const READY_LINE = /BOUNDARY_SERVER (\{.*\})\n/
const START_TIMEOUT_MS = 60_000
const PROBE_TIMEOUT_MS = 30_000

export class BoundaryServer {
  private nextId = 1
  private readonly pending = new Map<number, (reply: ProbeReply) => void>()
  private stderr = ''
  private exited = false

  private constructor(readonly checks: boolean, private readonly child: ChildProcess, readonly port: number, readonly cookies: string[]) {
    child.on('message', (reply: ProbeReply) => {
      this.pending.get(reply.id)?.(reply)
      this.pending.delete(reply.id)
    })
    child.stderr!.on('data', (chunk: Buffer) => { this.stderr = (this.stderr + chunk.toString()).slice(-4000) })
    child.on('exit', () => {
      this.exited = true
      for (const resolve of this.pending.values()) resolve({ id: -1, ok: false, error: `the server exited: ${this.stderr}` })
      this.pending.clear()
    })
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}`
  }

  static async start(checks: boolean, people: number): Promise<BoundaryServer> {
    const env: NodeJS.ProcessEnv = { ...process.env, NODE_ENV: 'production' }
    delete env.DATABASE_URL
    delete env.NODE_OPTIONS
    const probe = pathToFileURL(new URL('./probe.ts', import.meta.url).pathname).href
    const script = new URL('./boundary-server.ts', import.meta.url).pathname
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', '--import', probe, script, '--checks', checks ? 'on' : 'off', '--people', String(people)], {
      cwd: REPO.pathname, env, stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    })
    const ready = await new Promise<{ port: number; cookies: string[] }>((resolve, reject) => {
      let out = ''
      let err = ''
      const timer = setTimeout(() => fail(new Error(`the boundary server did not start within ${START_TIMEOUT_MS} ms: ${err}`)), START_TIMEOUT_MS)
      const fail = (error: Error) => {
        clearTimeout(timer)
        child.kill('SIGKILL')
        reject(error)
      }
      child.stderr!.on('data', (chunk: Buffer) => { err = (err + chunk.toString()).slice(-4000) })
      child.stdout!.on('data', (chunk: Buffer) => {
        out += chunk.toString()
        const match = READY_LINE.exec(out)
        if (!match) return
        clearTimeout(timer)
        resolve(JSON.parse(match[1]!) as { port: number; cookies: string[] })
      })
      child.once('exit', (code) => fail(new Error(`the boundary server exited with ${code} before it was ready: ${err}`)))
    })
    child.stdout!.resume()
    return new BoundaryServer(checks, child, ready.port, ready.cookies)
  }

  async sample(): Promise<ProbeSample> {
    if (this.exited) throw new Error(`the boundary server has exited: ${this.stderr}`)
    const id = this.nextId++
    const reply = await new Promise<ProbeReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`the probe did not answer within ${PROBE_TIMEOUT_MS} ms`))
      }, PROBE_TIMEOUT_MS)
      this.pending.set(id, (r) => { clearTimeout(timer); resolve(r) })
      this.child.send({ id, op: 'sample' } satisfies ProbeRequest)
    })
    if (!reply.ok || !reply.sample) throw new Error(`probe: ${reply.ok ? 'no sample' : reply.error}`)
    return reply.sample
  }

  async stop(): Promise<void> {
    if (this.exited) return
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 10_000)
    await exited
    clearTimeout(timer)
  }
}
