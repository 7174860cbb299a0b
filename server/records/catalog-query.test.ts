import { migrate } from '../storage/migrations'
import { openPglite } from '../storage/pglite-database'
import { describeCatalogQueryContract } from './catalog-query.contract'

describeCatalogQueryContract('PGlite', async () => {
  const db = await openPglite(undefined)
  await migrate(db)
  return { db, cleanup: () => db.close() }
})
