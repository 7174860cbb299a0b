/**
 * Reads a V8 .cpuprofile (from the probe's `profile-stop`) and says where the time went: self
 * time by package or area, the hottest functions by self time, and our own server functions by
 * inclusive time (time in them and everything they called).
 */
import { readFileSync } from 'node:fs'

/** A V8 .cpuprofile's parts that the summaries read. */
export interface ProfileNode {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}

export interface CpuProfile {
  nodes: ProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

export interface ProfileSummary {
  busyMs: number
  byArea: Array<{ area: string; ms: number; share: number }>
  topSelf: Array<{ fn: string; ms: number; share: number }>
  oursInclusive: Array<{ fn: string; ms: number; share: number }>
}

const REPO_ROOT = new URL('../', import.meta.url).pathname

export function summarizeProfile(path: string, top = 12): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000))

  const idle = new Set(['(idle)', '(root)'])
  let busyMs = 0
  const areas = new Map<string, number>()
  const fns = new Map<string, number>()
  for (const [id, ms] of self) {
    const node = byId.get(id)!
    if (idle.has(node.callFrame.functionName)) continue
    busyMs += ms
    add(areas, areaOf(node), ms)
    add(fns, fnName(node), ms)
  }

  // Inclusive time of our functions: each sample counts once per function on its stack.
  const parent = new Map<number, number>()
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id)
  const inclusive = new Map<string, number>()
  for (const [id, ms] of self) {
    if (idle.has(byId.get(id)!.callFrame.functionName)) continue
    const seen = new Set<string>()
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!
      if (!isOurs(node)) continue
      const name = fnName(node)
      if (seen.has(name)) continue
      seen.add(name)
      add(inclusive, name, ms)
    }
  }

  const ranked = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n)
    .map(([key, ms]) => ({ ms, share: ms / busyMs, key }))
  return {
    busyMs,
    byArea: ranked(areas, top).map(({ key, ms, share }) => ({ area: key, ms, share })),
    topSelf: ranked(fns, top).map(({ key, ms, share }) => ({ fn: key, ms, share })),
    oursInclusive: ranked(inclusive, top).map(({ key, ms, share }) => ({ fn: key, ms, share })),
  }
}

/** With `cpuUsPerEdit` (of the profiled round), each share is also given in µs of CPU per edit. */
export function formatProfileSummary(label: string, summary: ProfileSummary, cpuUsPerEdit?: number): string {
  const pct = (share: number) => `${(share * 100).toFixed(1).padStart(5)}%` +
    (cpuUsPerEdit === undefined ? '' : `${(share * cpuUsPerEdit).toFixed(0).padStart(6)} µs/edit`)
  const lines = [`${label}: ${summary.busyMs.toFixed(0)} ms busy in the profiled window` +
    (cpuUsPerEdit === undefined ? '' : `, ${cpuUsPerEdit.toFixed(0)} µs CPU per edit (profiler included)`), '  by area (self time):']
  for (const a of summary.byArea) lines.push(`    ${pct(a.share)}  ${a.area}`)
  lines.push('  hottest functions (self time):')
  for (const f of summary.topSelf) lines.push(`    ${pct(f.share)}  ${f.fn}`)
  if (summary.oursInclusive.length > 0) {
    lines.push('  Tandem server functions (inclusive time):')
    for (const f of summary.oursInclusive) lines.push(`    ${pct(f.share)}  ${f.fn}`)
  }
  return lines.join('\n')
}

function add(map: Map<string, number>, key: string, ms: number): void {
  map.set(key, (map.get(key) ?? 0) + ms)
}

function isOurs(node: ProfileNode): boolean {
  const path = filePath(node.callFrame.url)
  return path.startsWith(`${REPO_ROOT}server/`) || path.startsWith(`${REPO_ROOT}shared/`)
}

function filePath(url: string): string {
  return url.startsWith('file://') ? decodeURIComponent(new URL(url).pathname) : url
}

function areaOf(node: ProfileNode): string {
  const { functionName, url } = node.callFrame
  if (functionName === '(garbage collector)') return 'garbage collector'
  if (functionName === '(program)') return 'V8 / native (program)'
  if (url.startsWith('wasm://')) return 'WebAssembly (PGlite: Postgres itself)'
  if (url === '') return 'native builtins (writev: socket writes, writeBuffer: file writes)'
  if (url.startsWith('node:')) return 'node internals (net, streams, timers)'
  const path = filePath(url)
  const modules = path.lastIndexOf('/node_modules/')
  if (modules >= 0) {
    const rest = path.slice(modules + '/node_modules/'.length).split('/')
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!
  }
  if (path.startsWith(REPO_ROOT)) {
    const rel = path.slice(REPO_ROOT.length)
    return rel.startsWith('bench/') ? 'bench (servers, probe)' : `tandem ${rel.split('/').slice(0, 2).join('/')}`
  }
  return path
}

function fnName(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame
  const path = filePath(url)
  const file = path.startsWith(REPO_ROOT) ? path.slice(REPO_ROOT.length) : path.split('/').slice(-2).join('/')
  return `${functionName || '(anonymous)'} ${file ? `${file}:${lineNumber + 1}` : ''}`.trim()
}
