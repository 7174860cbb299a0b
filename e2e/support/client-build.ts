/**
 * The client built for a browser test into a directory of the test's own (the server serves it as
 * CLIENT_DIR), so the shared dist/ is left alone.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { REPO_ROOT, startServerProcess, type ServerProcess } from './server-process'
import { makeTempDir } from './temp-dir'

/** Builds the client with vite into `outDir`, or throws with vite's output. */
export function buildClient(outDir: string): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--outDir', outDir, '--emptyOutDir', '--logLevel', 'warn'],
    { cwd: REPO_ROOT, encoding: 'utf8' })
  if (build.status !== 0) throw new Error(`the client build failed:\n${build.stdout}\n${build.stderr}`)
}

/** A server process with a data directory of its own serving a client built for it, once it is ready. */
export async function startAppServer(name: string): Promise<{ server: ServerProcess; url: string }> {
  const dir = makeTempDir(name)
  const clientDir = join(dir, 'client')
  buildClient(clientDir)
  const server = startServerProcess({ dataDir: join(dir, 'data'), env: { CLIENT_DIR: clientDir } })
  return { server, url: await server.ready() }
}
