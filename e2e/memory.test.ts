/**
 * Acceptance 8 (issue 2), DESIGN.md §5 "idle documents unload": after 1,000 documents are opened,
 * edited and closed, no document stays loaded, and heap used after a forced GC is back within
 * 5 MB of its baseline, with no growth over three such rounds. The scenario runs in its own
 * process (support/memory-rounds.ts) so the heap holds only the server and its clients.
 */
import { afterAll, describe, expect, test } from 'vitest'
import type { MemoryFigures } from './support/memory-rounds'
import { killScripts, runScript } from './support/node-script'

const MB = 1024 * 1024
const DOCUMENTS = 1000
const ROUNDS = 3
/** Across rounds 1 to 3 (2,000 documents), under 800 bytes a document: a leaked room or socket is far more. */
const MAX_GROWTH = 1.5 * MB

afterAll(() => killScripts())

describe('memory', () => {
  test('after 1,000 documents are opened, edited and closed, loaded documents return to zero and heap used returns within 5 MB of its baseline, with no growth over 3 rounds', async () => {
    const run = await runScript('e2e/support/memory-rounds.ts', [String(DOCUMENTS), String(ROUNDS), '25'], { nodeFlags: ['--expose-gc'] })
    const line = run.stdout.split('\n').find((l) => l.startsWith('MEMORY_FIGURES '))
    expect(line, `the memory scenario failed (exit ${run.code ?? run.signal}):\n${run.stderr}`).toBeDefined()
    const figures = JSON.parse(line!.slice('MEMORY_FIGURES '.length)) as MemoryFigures

    const mib = (bytes: number) => `${(bytes / MB).toFixed(2)} MiB`
    console.log([
      `memory: ${DOCUMENTS} documents a round, heap used after forced GC`,
      `  baseline        ${mib(figures.baselineHeapUsed)}`,
      ...figures.rounds.map((r, i) => `  after round ${i + 1}   ${mib(r.heapUsed)}  (${r.heapUsed >= figures.baselineHeapUsed ? '+' : ''}${mib(r.heapUsed - figures.baselineHeapUsed)}; ${r.documentsLoaded} loaded, ${r.connections} connections, ${r.updatesCommitted} updates committed so far)`),
      `  growth rounds 1→${ROUNDS}  ${mib(figures.rounds.at(-1)!.heapUsed - figures.rounds[0]!.heapUsed)}`,
    ].join('\n'))

    expect(figures.rounds).toHaveLength(ROUNDS)
    for (const round of figures.rounds) {
      expect(round.documentsLoaded).toBe(0)
      expect(round.connections).toBe(0)
      expect(Math.abs(round.heapUsed - figures.baselineHeapUsed)).toBeLessThanOrEqual(5 * MB)
    }
    expect(figures.rounds.at(-1)!.heapUsed - figures.rounds[0]!.heapUsed).toBeLessThanOrEqual(MAX_GROWTH)
  })
})
