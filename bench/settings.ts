/**
 * What a run measures and for how long: the full run (about ten minutes on two cores) or
 * `--quick` (about two). Command line: `npm run bench -- [--quick] [--profile] [--rounds N]
 * [--only propagation,memory,storage,boundary,records,app] [--seconds S] [--scale X]` (S: the measured
 * window of a round; X: the records part's workspace size, 1 = the 400,000 records). The
 * records part (bench/records.ts) runs only when asked for with --only: it takes longer than the
 * rest of the run together. So does the app part (bench/app.ts: the client in Chromium with
 * 100,000 contacts).
 */
import { appSettings, type AppSettings } from './app'
import { readScale, type RecordsSettings } from './records'

export type Part = 'propagation' | 'memory' | 'storage' | 'boundary' | 'records' | 'app'

export interface Settings {
  quick: boolean
  /** Profile every server during the last propagation round and summarise where the time goes. */
  profile: boolean
  parts: Set<Part>
  propagation: {
    rounds: number
    /** A short unmeasured round per server first, so JIT and WebAssembly tiering are done. */
    warmupRoundMs: number
    docs: number
    clientsPerDoc: number
    editsPerSecondPerClient: number
    warmupMs: number
    measureMs: number
    /** Longest wait for the last edits of a round to arrive. */
    drainMs: number
  }
  /** `settleMs`: between memory samples while waiting for RSS to settle. */
  memory: { idleConnections: number; clientsPerDoc: number; settleMs: number }
  storage: { throughputMs: number; writers: number[]; coldLoadDocs: number; logBeforeCompaction: number; logAfterCompaction: number }
  records: RecordsSettings
  app: AppSettings
}

export function readSettings(argv: string[]): Settings {
  const quick = argv.includes('--quick')
  const profile = argv.includes('--profile')
  const roundsArg = valueOf(argv, '--rounds')
  const onlyArg = valueOf(argv, '--only')
  const secondsArg = valueOf(argv, '--seconds')
  const measureMs = secondsArg ? Number(secondsArg) * 1000 : quick ? 4000 : 20_000
  if (!Number.isFinite(measureMs) || measureMs < 1000 || measureMs > 300_000) throw new Error(`--seconds must be 1–300, got ${secondsArg}`)
  const parts = new Set<Part>(onlyArg ? onlyArg.split(',').map(asPart) : ['propagation', 'memory', 'storage', 'boundary'])
  const rounds = roundsArg ? Number(roundsArg) : quick ? 2 : 5
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 50) throw new Error(`--rounds must be 1–50, got ${roundsArg}`)
  return {
    quick,
    profile,
    parts,
    propagation: {
      rounds,
      warmupRoundMs: quick ? 3000 : 8000,
      docs: 50,
      clientsPerDoc: 4,
      editsPerSecondPerClient: 5,
      warmupMs: quick ? 1500 : 3000,
      measureMs,
      drainMs: 5000,
    },
    memory: { idleConnections: quick ? 200 : 1000, clientsPerDoc: 4, settleMs: 1000 },
    storage: {
      throughputMs: quick ? 2000 : 5000,
      writers: [200, 2000],
      coldLoadDocs: quick ? 40 : 200,
      logBeforeCompaction: 500,
      logAfterCompaction: 300,
    },
    records: { scale: readScale(argv), searchRounds: quick ? 2 : 5, listRounds: quick ? 20 : 50 },
    app: appSettings(quick),
  }
}

function valueOf(argv: string[], flag: string): string | undefined {
  const i = argv.indexOf(flag)
  if (i >= 0) return argv[i + 1]
  return argv.find((a) => a.startsWith(`${flag}=`))?.slice(flag.length + 1)
}

function asPart(value: string): Part {
  if (value === 'propagation' || value === 'memory' || value === 'storage' || value === 'boundary' || value === 'records' || value === 'app') return value
  throw new Error(`--only takes propagation, memory, storage, boundary, records, app; got ${value}`)
}
