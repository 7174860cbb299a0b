/** The line a peer server child prints once listening, in the same shape as ours prints. */
export function announceReady(name: string, port: number): void {
  process.stdout.write(`${name} is running at http://127.0.0.1:${port}\n`)
}
