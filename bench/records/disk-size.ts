/** The bytes of every file under a directory: a database's size on disk. */
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

export function diskBytes(dir: string): number {
  let total = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) total += diskBytes(path)
    else if (entry.isFile()) total += statSync(path).size
  }
  return total
}
