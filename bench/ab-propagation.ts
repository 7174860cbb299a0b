/**
 * `npx tsx bench/ab-propagation.ts <baseline tree> [rounds]`: the propagation round (settings of
 * `--seconds 8`) for Tandem from another checkout (say `git archive <commit> | tar -x -C dir`, with
 * node_modules linked), Tandem from this tree, the y-websocket reference and Hocuspocus, as four
 * servers in one run with interleaved rounds, because this machine is shared and a 10–20% change
 * is lost between runs. Prints CPU µs per edit, p99, event-loop p99 and GC pauses per round, and
 * the per-round ratios (CPU after / before and each / Hocuspocus, p99 each / the reference); the
 * rounds go to `bench/results/ab-<time>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runPropagationRound, type RoundResult } from './propagation-round'
import { readSettings } from './settings'
import { ServerProcess } from './servers/server-process'
import { sleep } from './timing'

const [baseTree, roundsArg] = process.argv.slice(2)
if (!baseTree) throw new Error('usage: bench/ab-propagation.ts <baseline tree> [rounds]')
const rounds = Number(roundsArg ?? 5)
const started = new Date().toISOString()
const RESULTS_DIR = new URL('./results/', import.meta.url).pathname
// The baseline's own ServerProcess starts the server of its own tree.
const baseline = (await import(pathToFileURL(join(resolve(baseTree), 'bench/servers/server-process.ts')).href)) as { ServerProcess: typeof ServerProcess }
const p = readSettings(['--seconds', '8']).propagation
const servers = {
  before: await baseline.ServerProcess.start('tandem'),
  after: await ServerProcess.start('tandem'),
  reference: await ServerProcess.start('y-websocket'),
  hocuspocus: await ServerProcess.start('hocuspocus'),
}
type Name = keyof typeof servers
const names = Object.keys(servers) as Name[]
const results: Record<Name, RoundResult[]> = { before: [], after: [], reference: [], hocuspocus: [] }
try {
  for (const name of names) await runPropagationRound(servers[name], 0, { ...p, warmupMs: 0, measureMs: p.warmupRoundMs }, null)
  for (let round = 1; round <= rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round - 1) % names.length]!)) {
      // A baseline's probe may predate the GC figures.
      const result = await runPropagationRound(servers[name], round, p, null)
      result.gcMs ??= NaN
      result.gcMaxMs ??= NaN
      result.gcMajor ??= NaN
      results[name].push(result)
      process.stderr.write(`r${round} ${name.padEnd(10)} ${result.cpuUsPerEdit.toFixed(0)} µs/edit, p99 ${result.p99Ms.toFixed(1)} ms, ` +
        `loop p99 ${result.loopDelayP99Ms.toFixed(1)} ms, GC ${result.gcMs.toFixed(0)} ms (longest ${result.gcMaxMs.toFixed(1)}, ${result.gcMajor} major), ` +
        `harness loop p99 ${result.harnessLoopDelayP99Ms.toFixed(1)} ms, delivered ${result.delivered}/${result.expected}, load ${loadavg()[0]!.toFixed(2)}\n`)
      await sleep(1000)
    }
  }
} finally {
  await Promise.all(names.map((name) => servers[name].stop()))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const table = (title: string, figure: (r: RoundResult) => number, digits: number) => {
  console.log(title.padEnd(20) + results.before.map((_, i) => `r${i + 1}`.padStart(7)).join('') + '  median')
  for (const name of names) {
    const xs = results[name].map(figure)
    console.log(name.padEnd(20) + xs.map((x) => x.toFixed(digits).padStart(7)).join('') + median(xs).toFixed(digits).padStart(8))
  }
}
const ratios = (figure: (r: RoundResult) => number, a: Name, b: Name) => results[a].map((r, i) => figure(r) / figure(results[b][i]!))
table('CPU µs/edit', (r) => r.cpuUsPerEdit, 0)
table('p99 ms', (r) => r.p99Ms, 2)
table('loop p99 ms', (r) => r.loopDelayP99Ms, 2)
table('GC ms', (r) => r.gcMs, 0)
table('GC longest ms', (r) => r.gcMaxMs, 1)
const cpu = (r: RoundResult) => r.cpuUsPerEdit
const p99 = (r: RoundResult) => r.p99Ms
for (const [label, xs] of [
  ['CPU after / before', ratios(cpu, 'after', 'before')], ['CPU before / hocus', ratios(cpu, 'before', 'hocuspocus')], ['CPU after / hocus', ratios(cpu, 'after', 'hocuspocus')],
  ['p99 before / ref', ratios(p99, 'before', 'reference')], ['p99 after / ref', ratios(p99, 'after', 'reference')],
] as const) {
  console.log(label.padEnd(20) + xs.map((x) => x.toFixed(2).padStart(7)).join('') + median(xs).toFixed(2).padStart(8))
}
const file = join(RESULTS_DIR, `ab-${started.replaceAll(':', '-').replace('.', '-')}.json`)
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(file, JSON.stringify({ started, baseTree, rounds, settings: p, results }, null, 2))
console.log(`JSON in ${file}`)
