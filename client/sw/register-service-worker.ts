/**
 * Registers the service worker (`service-worker.ts`, served as `/sw.js`) in built apps, so the app
 * shell opens offline. Not in development: Vite's dev server serves modules, not a build.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.PROD || !('serviceWorker' in navigator)) return
  window.addEventListener('load', () => {
    navigator.serviceWorker.register('/sw.js').catch((error: unknown) => {
      // The app works online without it; only opening with no network needs it.
      console.warn(`The offline app shell could not be installed: ${(error as Error).message ?? String(error)}`)
    })
  })
}
