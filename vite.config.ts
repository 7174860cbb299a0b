import { fileURLToPath } from 'node:url'
import type { Plugin } from 'vite'
import { defineConfig } from 'vitest/config'
import solid from 'vite-plugin-solid'

/**
 * One config for the client build and every test project:
 *   unit     shared/, server/ and client/ tests (PGlite, in-memory sockets, fake-indexeddb)
 *   e2e      browser and real-process tests (system Chromium, child processes)
 *   cluster  the storage contract suite and sync tests against PostgreSQL (DATABASE_URL)
 */
export default defineConfig(({ mode }) => ({
  root: 'client',
  publicDir: 'public',
  // The Solid plugin compiles JSX for the app. Under vitest it would also switch every test to
  // jsdom and resolve packages with the `browser` condition (so `ws` became its throwing browser
  // stub); our tests are plain TypeScript on Node, so tests run without it.
  plugins: mode === 'test' ? [] : [solid(), shellFileList()],
  build: {
    outDir: '../dist/client', emptyOutDir: true, target: 'es2022',
    // The service worker is a second entry, at a fixed address (/sw.js) without a hash.
    rollupOptions: {
      input: { index: fromHere('client/index.html'), sw: fromHere('client/sw/service-worker.ts') },
      output: { entryFileNames: (chunk) => (chunk.name === 'sw' ? 'sw.js' : 'assets/[name]-[hash].js') },
    },
  },
  server: {
    proxy: {
      '/sync': { target: 'ws://127.0.0.1:8787', ws: true },
      '/live': { target: 'ws://127.0.0.1:8787', ws: true },
      '/api': 'http://127.0.0.1:8787',
      '/healthz': 'http://127.0.0.1:8787',
    },
  },
  test: {
    root: '.',
    environment: 'node',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['shared/**/*.test.ts', 'server/**/*.test.ts', 'client/**/*.test.ts'],
          exclude: ['**/*.cluster.test.ts', '**/*.e2e.test.ts', 'node_modules/**'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['e2e/**/*.test.ts', '**/*.e2e.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          testTimeout: 300_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
      {
        extends: true,
        test: {
          name: 'cluster',
          include: ['**/*.cluster.test.ts'],
          exclude: ['node_modules/**'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 60_000,
          fileParallelism: false,
        },
      },
    ],
  },
}))

function fromHere(path: string): string {
  return fileURLToPath(new URL(path, import.meta.url))
}

/** Writes this build's file list into the service worker, which caches them as the app shell. */
function shellFileList(): Plugin {
  return {
    name: 'tandem-shell-file-list',
    apply: 'build',
    generateBundle(_options, bundle) {
      const sw = bundle['sw.js']
      if (!sw || sw.type !== 'chunk') return
      const files = Object.keys(bundle).filter((f) => f !== 'sw.js' && !f.endsWith('.map')).map((f) => `/${f}`).sort()
      const code = sw.code.replace(/(["'`])__SHELL_FILES__\1/, JSON.stringify(files))
      if (code === sw.code) this.error('The service worker has no "__SHELL_FILES__" placeholder for the list of files to cache.')
      sw.code = code
    },
  }
}
