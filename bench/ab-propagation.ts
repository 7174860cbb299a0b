/**
 * `npx tsx bench/ab-propagation.ts <baseline tree> [<other tree>…] [--rounds N]`: the propagation
 * round (settings of `--seconds 8`) for Tandem from other checkouts (say `git archive <commit> |
 * tar -x -C dir`, with node_modules linked; the first is `before`, the others go by their
 * directory's name), Tandem from this tree (`after`), the y-websocket reference and Hocuspocus,
 * all in one run with interleaved rounds, because this machine is shared and a 10–20% change is
 * lost between runs. Prints CPU µs per edit, p99, event-loop p99 and GC pauses per round, and the
 * per-round ratios (CPU each / before and each / Hocuspocus, p99 each / the reference); the rounds
 * go to `bench/results/ab-<time>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import { basename, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runPropagationRound, type RoundResult } from './propagation-round'
import { readSettings } from './settings'
import { ServerProcess } from './servers/server-process'
import { sleep } from './timing'

const args = process.argv.slice(2)
const roundsAt = args.indexOf('--rounds')
const rounds = roundsAt >= 0 ? Number(args[roundsAt + 1]) : 5
const trees = args.filter((_, i) => i !== roundsAt && i !== roundsAt + 1)
if (trees.length === 0) throw new Error('usage: bench/ab-propagation.ts <baseline tree> [<other tree>…] [--rounds N]')
const started = new Date().toISOString()
const RESULTS_DIR = new URL('./results/', import.meta.url).pathname
// Each tree's own ServerProcess starts the server of its own tree.
const baselines = await Promise.all(trees.map(async (tree) =>
  (await import(pathToFileURL(join(resolve(tree), 'bench/servers/server-process.ts')).href)) as { ServerProcess: typeof ServerProcess }))
const p = readSettings(['--seconds', '8']).propagation
const servers = new Map<string, ServerProcess>()
for (const [i, tree] of trees.entries()) servers.set(i === 0 ? 'before' : basename(resolve(tree)), await baselines[i]!.ServerProcess.start('tandem'))
servers.set('after', await ServerProcess.start('tandem'))
servers.set('reference', await ServerProcess.start('y-websocket'))
servers.set('hocuspocus', await ServerProcess.start('hocuspocus'))
const names = [...servers.keys()]
const tandems = names.filter((name) => name !== 'reference' && name !== 'hocuspocus')
const results = new Map<string, RoundResult[]>(names.map((name) => [name, []]))
try {
  for (const name of names) await runPropagationRound(servers.get(name)!, 0, { ...p, warmupMs: 0, measureMs: p.warmupRoundMs }, null)
  for (let round = 1; round <= rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round - 1) % names.length]!)) {
      // A baseline's probe may predate the GC figures.
      const result = await runPropagationRound(servers.get(name)!, round, p, null)
      result.gcMs ??= NaN
      result.gcMaxMs ??= NaN
      result.gcMajor ??= NaN
      results.get(name)!.push(result)
      process.stderr.write(`r${round} ${name.padEnd(10)} ${result.cpuUsPerEdit.toFixed(0)} µs/edit, p99 ${result.p99Ms.toFixed(1)} ms, ` +
        `loop p99 ${result.loopDelayP99Ms.toFixed(1)} ms, GC ${result.gcMs.toFixed(0)} ms (longest ${result.gcMaxMs.toFixed(1)}, ${result.gcMajor} major), ` +
        `harness loop p99 ${result.harnessLoopDelayP99Ms.toFixed(1)} ms, delivered ${result.delivered}/${result.expected}, load ${loadavg()[0]!.toFixed(2)}\n`)
      await sleep(1000)
    }
  }
} finally {
  await Promise.all(names.map((name) => servers.get(name)!.stop()))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const table = (title: string, figure: (r: RoundResult) => number, digits: number) => {
  console.log(title.padEnd(20) + results.get('before')!.map((_, i) => `r${i + 1}`.padStart(7)).join('') + '  median')
  for (const name of names) {
    const xs = results.get(name)!.map(figure)
    console.log(name.padEnd(20) + xs.map((x) => x.toFixed(digits).padStart(7)).join('') + median(xs).toFixed(digits).padStart(8))
  }
}
const ratios = (figure: (r: RoundResult) => number, a: string, b: string) => results.get(a)!.map((r, i) => figure(r) / figure(results.get(b)![i]!))
table('CPU µs/edit', (r) => r.cpuUsPerEdit, 0)
table('p99 ms', (r) => r.p99Ms, 2)
table('loop p99 ms', (r) => r.loopDelayP99Ms, 2)
table('GC ms', (r) => r.gcMs, 0)
table('GC longest ms', (r) => r.gcMaxMs, 1)
const cpu = (r: RoundResult) => r.cpuUsPerEdit
const p99 = (r: RoundResult) => r.p99Ms
const lines: Array<[string, number[]]> = []
for (const name of tandems.filter((n) => n !== 'before')) lines.push([`CPU ${name} / before`, ratios(cpu, name, 'before')])
for (const name of tandems) lines.push([`CPU ${name} / hocus`, ratios(cpu, name, 'hocuspocus')])
for (const name of tandems) lines.push([`p99 ${name} / ref`, ratios(p99, name, 'reference')])
for (const [label, xs] of lines) console.log(label.padEnd(20) + xs.map((x) => x.toFixed(2).padStart(7)).join('') + median(xs).toFixed(2).padStart(8))
const file = join(RESULTS_DIR, `ab-${started.replaceAll(':', '-').replace('.', '-')}.json`)
mkdirSync(RESULTS_DIR, { recursive: true })
writeFileSync(file, JSON.stringify({ started, trees, rounds, settings: p, results: Object.fromEntries(results) }, null, 2))
console.log(`JSON in ${file}`)
