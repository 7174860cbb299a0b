/**
 * Runs a TypeScript script of ours in its own Node process (through tsx), for scenarios that
 * must own their whole process: a heap measured without the test runner in it, a `--expose-gc`.
 * The child is killed when the run times out, and by `killScripts()` (call it in afterAll).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { REPO_ROOT } from './server-process'

const running = new Set<ChildProcess>()

export interface ScriptResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
}

export function runScript(script: string, args: string[], { nodeFlags = [] as string[], timeoutMs = 300_000 } = {}): Promise<ScriptResult> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  running.add(child)
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
  const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs)
  return new Promise((resolve) => child.once('exit', (code, signal) => {
    clearTimeout(timer)
    running.delete(child)
    resolve({ code, signal, stdout, stderr })
  }))
}

export function killScripts(): void {
  for (const child of running) child.kill('SIGKILL')
}
