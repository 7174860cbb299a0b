/**
 * Trigram similarity as pg_trgm computes it (words of letters and digits, each padded with two
 * spaces in front and one behind; shared trigrams over all trigrams), for comparing two names in JS
 * once the database has narrowed the candidates. Give it folded text (shared/search/fold.ts).
 */
export function trigrams(text: string): Set<string> {
  const set = new Set<string>()
  for (const word of text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
    const padded = `  ${word} `
    for (let i = 0; i + 3 <= padded.length; i++) set.add(padded.slice(i, i + 3))
  }
  return set
}

export function similarity(a: string, b: string): number {
  const x = trigrams(a)
  const y = trigrams(b)
  if (x.size === 0 || y.size === 0) return 0
  let shared = 0
  for (const t of x) if (y.has(t)) shared++
  return shared / (x.size + y.size - shared)
}
