// The entry of PGlite's worker thread (server/storage/pglite-thread.ts). A worker does not inherit
// the TypeScript loader the server runs under (tsx, or vitest's), so it registers tsx itself.
import { register } from 'tsx/esm/api'

register()
await import('./pglite-thread.ts')
