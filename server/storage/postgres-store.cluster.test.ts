import { describeDocumentStoreContract } from './document-store.contract'
import { createDocumentStore } from './document-store'
import { migrate } from './migrations'
import { openPostgres } from './postgres-database'
import { clusterDatabaseUrl, freshSchema } from './postgres-test-schema'

describeDocumentStoreContract('PostgreSQL', async () => {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  const db = await openPostgres(url, { schema: schema.name })
  await migrate(db)
  const store = createDocumentStore(db)
  await store.ensureWorkspace('demo', 'Demo workspace')
  return { store, cleanup: async () => { await store.close(); await schema.drop() } }
})
