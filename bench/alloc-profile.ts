/**
 * `npx tsx bench/alloc-profile.ts [tandem|y-websocket|hocuspocus …]`: where a server's garbage comes
 * from. One propagation round (settings of `--seconds 8`) per server after a warm-up, with V8's
 * sampling heap profiler counting every sampled allocation (collected or not); prints the bytes
 * allocated per edit by the allocating function and, for ours, by our server functions on the
 * stack (inclusive). The .heapprofile files go to bench/results/profiles/.
 */
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runPropagationRound } from './propagation-round'
import { readSettings } from './settings'
import { ServerProcess, type ServerKind } from './servers/server-process'

interface HeapNode {
  callFrame: { functionName: string; url: string; lineNumber: number }
  selfSize: number
  children: HeapNode[]
}

const kinds = (process.argv.slice(2).length > 0 ? process.argv.slice(2) : ['tandem', 'y-websocket']) as ServerKind[]
const p = readSettings(['--seconds', '8']).propagation
const dir = new URL('./results/profiles/', import.meta.url).pathname
mkdirSync(dir, { recursive: true })
const stamp = new Date().toISOString().replaceAll(':', '-').replace('.', '-')
for (const kind of kinds) {
  const server = await ServerProcess.start(kind)
  try {
    await runPropagationRound(server, 0, { ...p, warmupMs: 0, measureMs: p.warmupRoundMs }, null)
    const path = join(dir, `${stamp}-${kind}.heapprofile`)
    const result = await runPropagationRound(server, 1, p, null, path)
    report(kind, JSON.parse(readFileSync(path, 'utf8')).head as HeapNode, result.edits, result.gcMs, result.gcMajor)
  } finally {
    await server.stop()
  }
}

function report(kind: string, head: HeapNode, edits: number, gcMs: number, gcMajor: number): void {
  const self = new Map<string, number>()
  const ours = new Map<string, number>()
  let total = 0
  const walk = (node: HeapNode, stack: string[]) => {
    const { functionName, url, lineNumber } = node.callFrame
    const name = `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`
    const mine = /\/(server|shared)\//.test(url) ? [...stack, name] : stack
    total += node.selfSize
    self.set(name, (self.get(name) ?? 0) + node.selfSize)
    for (const fn of new Set(mine)) ours.set(fn, (ours.get(fn) ?? 0) + node.selfSize)
    for (const child of node.children) walk(child, mine)
  }
  walk(head, [])
  const perEdit = (bytes: number) => `${(bytes / edits).toFixed(0).padStart(7)} B/edit`
  console.log(`${kind}: ${perEdit(total)} allocated in all; GC ${gcMs.toFixed(0)} ms, ${gcMajor} major`)
  for (const [title, map] of [['allocating function', self], ['our functions on the stack', ours]] as const) {
    if (map.size === 0) continue
    console.log(`  by ${title}:`)
    for (const [fn, bytes] of [...map].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(`    ${perEdit(bytes)}  ${fn}`)
  }
}
