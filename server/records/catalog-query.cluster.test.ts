import { migrate } from '../storage/migrations'
import { openPostgres } from '../storage/postgres-database'
import { clusterDatabaseUrl, freshSchema } from '../storage/postgres-test-schema'
import { describeCatalogQueryContract } from './catalog-query.contract'

describeCatalogQueryContract('PostgreSQL', async () => {
  const url = clusterDatabaseUrl()
  const schema = await freshSchema(url)
  const db = await openPostgres(url, { schema: schema.name })
  await migrate(db)
  return { db, cleanup: async () => { await db.close(); await schema.drop() } }
})
