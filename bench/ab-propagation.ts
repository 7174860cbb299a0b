/**
 * `npx tsx bench/ab-propagation.ts <baseline tree> [rounds]`: the propagation round (settings of
 * `--seconds 8`) for Tandem from another checkout (say `git archive <commit> | tar -x -C dir`, with
 * node_modules linked), Tandem from this tree, and Hocuspocus, as three servers in one run with
 * interleaved rounds, because this machine is shared and a 10–20% change is lost between runs.
 * Prints CPU µs per edit per round and the per-round ratios (after / before, each / Hocuspocus).
 */
import { loadavg } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { runPropagationRound } from './propagation-round'
import { readSettings } from './settings'
import { ServerProcess } from './servers/server-process'
import { sleep } from './timing'

const [baseTree, roundsArg] = process.argv.slice(2)
if (!baseTree) throw new Error('usage: bench/ab-propagation.ts <baseline tree> [rounds]')
const rounds = Number(roundsArg ?? 5)
// The baseline's own ServerProcess starts the server of its own tree.
const baseline = (await import(pathToFileURL(join(resolve(baseTree), 'bench/servers/server-process.ts')).href)) as { ServerProcess: typeof ServerProcess }
const p = readSettings(['--seconds', '8']).propagation
const servers = {
  before: await baseline.ServerProcess.start('tandem'),
  after: await ServerProcess.start('tandem'),
  hocuspocus: await ServerProcess.start('hocuspocus'),
}
type Name = keyof typeof servers
const names = Object.keys(servers) as Name[]
const cpu: Record<Name, number[]> = { before: [], after: [], hocuspocus: [] }
try {
  for (const name of names) await runPropagationRound(servers[name], 0, { ...p, warmupMs: 0, measureMs: p.warmupRoundMs }, null)
  for (let round = 1; round <= rounds; round++) {
    for (const name of names.map((_, i) => names[(i + round - 1) % names.length]!)) {
      const result = await runPropagationRound(servers[name], round, p, null)
      cpu[name].push(result.cpuUsPerEdit)
      process.stderr.write(`r${round} ${name.padEnd(10)} ${result.cpuUsPerEdit.toFixed(0)} µs/edit, p99 ${result.p99Ms.toFixed(1)} ms, ` +
        `delivered ${result.delivered}/${result.expected}, load ${loadavg()[0]!.toFixed(2)}\n`)
      await sleep(1000)
    }
  }
} finally {
  await Promise.all(names.map((name) => servers[name].stop()))
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ratios = (a: Name, b: Name) => cpu[a].map((x, i) => x / cpu[b][i]!)
console.log('CPU µs/edit'.padEnd(20) + cpu.before.map((_, i) => `r${i + 1}`.padStart(7)).join('') + '  median')
for (const name of names) console.log(name.padEnd(20) + cpu[name].map((x) => x.toFixed(0).padStart(7)).join('') + median(cpu[name]).toFixed(0).padStart(8))
for (const [label, xs] of [['after / before', ratios('after', 'before')], ['before / hocuspocus', ratios('before', 'hocuspocus')], ['after / hocuspocus', ratios('after', 'hocuspocus')]] as const) {
  console.log(label.padEnd(20) + xs.map((x) => x.toFixed(2).padStart(7)).join('') + median(xs).toFixed(2).padStart(8))
}
