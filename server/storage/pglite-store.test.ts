import { describeDocumentStoreContract } from './document-store.contract'
import { createDocumentStore } from './document-store'
import { migrate } from './migrations'
import { openPglite } from './pglite-database'

describeDocumentStoreContract('PGlite', async () => {
  const db = await openPglite(undefined) // in memory: the contract is about SQL, not files
  await migrate(db)
  const store = createDocumentStore(db)
  await store.ensureWorkspace('demo', 'Demo workspace')
  return { store, cleanup: () => store.close() }
})
