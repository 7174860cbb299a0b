/**
 * Registers the service worker (`service-worker.ts`, served as `/sw.js`) in built apps, so the app
 * shell opens offline. Not in development: Vite's dev server serves modules, not a build. (By the
 * mode, not `PROD`: a build run with NODE_ENV=test, as the browser tests do, is not `PROD`.)
 */
export function registerServiceWorker(): void {
  if (import.meta.env.MODE === 'development' || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    // `register` of the worker already registered checks nothing: ask for the newest build on
    // every load, rather than leave it to the browser's own check after navigations.
    // Offline the check fails, and the installed build goes on serving: nothing to say.
    navigator.serviceWorker.register('/sw.js').then((registration) => { registration.update().catch(() => {}) }).catch((error: unknown) => {
      // The app works online without it; only opening with no network needs it.
      console.warn(`The offline app shell could not be installed: ${(error as Error).message ?? String(error)}`)
    })
  })
}
