/**
 * When to reconnect without waiting for the backoff: the browser says the network is back
 * (`online`), or the tab became visible again (`visibilitychange`, which bubbles from the
 * document to the window). The target is anything EventTarget-like, so Node tests drive it.
 */
export interface EventTargetLike {
  addEventListener(type: string, listener: () => void, options?: { capture?: boolean; passive?: boolean }): void
  removeEventListener(type: string, listener: () => void, options?: { capture?: boolean }): void
}

export function watchReconnectTriggers(target: EventTargetLike | undefined, isVisible: () => boolean, reconnect: () => void): () => void {
  if (!target) return () => {}
  const onOnline = () => reconnect()
  const onVisibility = () => { if (isVisible()) reconnect() }
  target.addEventListener('online', onOnline)
  target.addEventListener('visibilitychange', onVisibility)
  return () => {
    target.removeEventListener('online', onOnline)
    target.removeEventListener('visibilitychange', onVisibility)
  }
}

export function documentIsVisible(): boolean {
  const doc = (globalThis as { document?: { visibilityState?: string } }).document
  return doc?.visibilityState === undefined || doc.visibilityState === 'visible'
}
