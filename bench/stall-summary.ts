/**
 * `npx tsx bench/stall-summary.ts <profile.cpuprofile> [min ms]`: where the event loop's long
 * stretches come from. A V8 profile's samples carry their times, so the main thread's timeline can
 * be read back: a stretch is a run of samples with no idle one between them (the event loop never
 * waited for input: a frame arriving meanwhile waited for the task running, and for what was
 * queued before it; a stretch may hold several tasks, so work cut into slices can still make a
 * long stretch when other work fills the gaps). For the stretches of at least `min ms` (3 by
 * default) it prints how many there were, how long, and which functions they were spent in
 * (inclusive time, each function once per sample) and which entry (the frame under the root:
 * timers, immediates, socket reads, the database thread's answers) started them.
 *
 * A sample that comes long after the one before (over 4 sampling intervals) is a gap: the thread,
 * or the profiler's own thread, was not running; gaps are counted apart, not as work.
 */
import { readFileSync } from 'node:fs'
import type { CpuProfile, ProfileNode } from './profile-summary'

const [path, minArg] = process.argv.slice(2)
if (!path) throw new Error('usage: bench/stall-summary.ts <profile.cpuprofile> [min ms]')
const minMs = Number(minArg ?? 3)
const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
const byId = new Map(profile.nodes.map((n) => [n.id, n]))
const parent = new Map<number, number>()
for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
const interval = median(profile.timeDeltas.filter((d) => d > 0)) / 1000

const name = (node: ProfileNode) => {
  const { functionName, url, lineNumber } = node.callFrame
  const file = url.split('/').slice(-2).join('/')
  return `${functionName || '(anonymous)'}${file ? ` ${file}:${lineNumber + 1}` : ''}`
}

/** The stack of a sample, root first, without the root itself. */
function stack(id: number): ProfileNode[] {
  const frames: ProfileNode[] = []
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) frames.push(byId.get(at)!)
  return frames.reverse().slice(1)
}

interface Stretch { start: number; ms: number; samples: Array<{ id: number; ms: number }> }
const stretches: Stretch[] = []
let gaps = 0
let gapMs = 0
let current: Stretch | null = null
let t = 0
let busyMs = 0
for (let i = 0; i < profile.samples.length; i++) {
  const ms = (profile.timeDeltas[i] ?? 0) / 1000
  t += ms
  const id = profile.samples[i]!
  const fn = byId.get(id)!.callFrame.functionName
  if (ms > 4 * interval) {
    gaps++
    gapMs += ms
  }
  if (fn === '(idle)' || fn === '(root)') {
    if (current) stretches.push(current)
    current = null
    continue
  }
  busyMs += ms
  current ??= { start: t - ms, ms: 0, samples: [] }
  current.ms += ms
  current.samples.push({ id, ms })
}
if (current) stretches.push(current)

const long = stretches.filter((s) => s.ms >= minMs)
const longMs = long.reduce((sum, s) => sum + s.ms, 0)
console.log(`${path}\n  ${(t / 1000).toFixed(1)} s profiled, sampling every ${interval.toFixed(2)} ms, busy ${busyMs.toFixed(0)} ms; ` +
  `${gaps} gaps (${gapMs.toFixed(0)} ms) where no sample was taken for over ${(4 * interval).toFixed(1)} ms`)
const buckets = [1, 2, 3, 5, 8, 13, 21, 34]
console.log('  stretches by length (ms): ' + buckets.map((b, i) => {
  const hi = buckets[i + 1] ?? Infinity
  return `${b}–${hi === Infinity ? '' : hi}: ${stretches.filter((s) => s.ms >= b && s.ms < hi).length}`
}).join(', '))
console.log(`  ${long.length} stretches of ${minMs} ms or more, ${longMs.toFixed(0)} ms in all (${((longMs / busyMs) * 100).toFixed(1)}% of the busy time); longest ` +
  [...long].sort((a, b) => b.ms - a.ms).slice(0, 8).map((s) => s.ms.toFixed(1)).join(', '))

const entries = new Map<string, number>()
const inclusive = new Map<string, number>()
const selfTime = new Map<string, number>()
for (const s of long) {
  for (const { id, ms } of s.samples) {
    const frames = stack(id)
    add(entries, frames[0] ? name(frames[0]) : '(none)', ms)
    add(selfTime, name(byId.get(id)!), ms)
    for (const label of new Set(frames.map(name))) add(inclusive, label, ms)
  }
}
for (const [title, map, n] of [['entry frames', entries, 10], ['inclusive', inclusive, 40], ['self', selfTime, 15]] as const) {
  console.log(`  in those stretches, by ${title}:`)
  for (const [label, ms] of [...map].sort((a, b) => b[1] - a[1]).slice(0, n)) {
    console.log(`    ${ms.toFixed(0).padStart(6)} ms ${((ms / longMs) * 100).toFixed(1).padStart(5)}%  ${label}`)
  }
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms)
}

function median(xs: number[]): number {
  return [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0
}

// The longest stretches one by one: what each was made of.
console.log('  the longest stretches:')
for (const s of [...long].sort((a, b) => b.ms - a.ms).slice(0, Number(process.env.STALL_TOP ?? 12))) {
  const parts = new Map<string, number>()
  let gap = 0
  for (const { id, ms } of s.samples) {
    if (ms > 4 * interval) gap += ms
    const frames = stack(id)
    const ours = frames.filter((f) => /\/(server|shared)\//.test(f.callFrame.url))
    const label = byId.get(id)!.callFrame.functionName === '(garbage collector)' ? 'GC'
      : ours.length > 0 ? ours.slice(0, 2).map((f) => f.callFrame.functionName || '(anonymous)').join('>') + (ours.length > 2 ? '>' + (ours.at(-1)!.callFrame.functionName || '(anon)') : '')
      : frames[0] ? (frames[0].callFrame.functionName || '(anonymous)') : '(none)'
    add(parts, label, ms)
  }
  console.log(`    at ${(s.start / 1000).toFixed(3)} s: ${s.ms.toFixed(1)} ms (${gap.toFixed(1)} ms of it in gaps): ` +
    [...parts].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k} ${ms.toFixed(1)}`).join('; '))
}

// Each long stretch's samples by kind of work, and each stretch by the kind that dominates it.
const KINDS: Array<[string, (frames: ProfileNode[], self: ProfileNode) => boolean]> = [
  ['garbage collector', (_, self) => self.callFrame.functionName === '(garbage collector)'],
  ['batch for the database (writeBatch, SQL text, postMessage)', (f) => f.some((n) => /journaled-store|pglite-database|sql-literal|record-writes/.test(n.callFrame.url))],
  ['projection', (f) => f.some((n) => /record-projection|projection\.ts/.test(n.callFrame.url))],
  ['journal append (group commit)', (f) => f.some((n) => n.callFrame.functionName === 'flush' && n.callFrame.url.includes('update-log'))],
  ['commit → live document, broadcast', (f) => f.some((n) => n.callFrame.functionName === 'afterCommit')],
  ['incoming frames (parse, shadow, checks)', (f) => f.some((n) => n.callFrame.functionName === 'handleMessage')],
  ['commit listeners, pokes', (f) => f.some((n) => /catalog-pokes|rule-runner|services\.ts|live-hub/.test(n.callFrame.url))],
]
const kindOf = (id: number) => {
  const frames = stack(id)
  const self = byId.get(id)!
  return KINDS.find(([, test]) => test(frames, self))?.[0] ?? `other: ${frames[0] ? name(frames[0]) : '(none)'}`
}
const kinds = new Map<string, number>()
const dominant = new Map<string, { count: number; ms: number }>()
for (const s of long) {
  const mine = new Map<string, number>()
  for (const { id, ms } of s.samples) add(mine, kindOf(id), ms)
  for (const [k, ms] of mine) add(kinds, k, ms)
  const [top] = [...mine].sort((a, b) => b[1] - a[1])
  const d = dominant.get(top![0]) ?? { count: 0, ms: 0 }
  d.count++
  d.ms += s.ms
  dominant.set(top![0], d)
}
console.log(`  the ${minMs} ms+ stretches' time by kind of work, and stretches by the kind that dominates them:`)
for (const [k, ms] of [...kinds].sort((a, b) => b[1] - a[1]).slice(0, 12)) {
  const d = dominant.get(k)
  console.log(`    ${ms.toFixed(0).padStart(6)} ms ${((ms / longMs) * 100).toFixed(1).padStart(5)}%   dominates ${String(d?.count ?? 0).padStart(3)} stretches (${(d?.ms ?? 0).toFixed(0)} ms)  ${k}`)
}
