/**
 * A record's document session as a Solid resource that follows `docName`: opened through the sync
 * client, and closed when the page moves to another record or goes away. (An `onCleanup` inside
 * the async fetcher would have no owner and never run, so the close is an effect's cleanup; a
 * session that opens after the page went away is closed at once.)
 */
import { createEffect, createResource, onCleanup, type Resource } from 'solid-js'
import type { DocSession } from '../sync/doc-session'
import type { SyncClient } from '../sync/sync-client'

export function createDocSession(client: () => SyncClient, docName: () => string): Resource<DocSession> {
  let disposed = false
  onCleanup(() => { disposed = true })
  const [session] = createResource(docName, async (name) => {
    const s = await client().openDocument(name)
    if (disposed) void s.close()
    return s
  })
  createEffect(() => {
    const s = session.state === 'ready' ? session() : undefined
    if (s) onCleanup(() => void s.close())
  })
  return session
}
