/**
 * Temporary directories for data directories and the like, removed by `removeTempDirs` (call it
 * in afterAll) even when a test failed.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const made = new Set<string>()

export function makeTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), `tandem-e2e-${prefix}-`))
  made.add(dir)
  return dir
}

export function removeTempDirs(): void {
  for (const dir of made) rmSync(dir, { recursive: true, force: true })
  made.clear()
}
