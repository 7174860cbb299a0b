/**
 * The demo workspace every fresh server has. Storage makes sure the workspace exists
 * (`ensureDemoWorkspace`, when it opens); once the services run, `seedDemo` writes the role catalog
 * and the demo records (server/domain/demo-records.ts) through the rooms as the server, so they are
 * checked, projected and in the history like any edit. Each set is written once: a restart seeds
 * nothing twice. A demo account written by older servers straight into the store is completed and
 * so projected.
 */
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../../shared/demo'
import { formatDocName } from '../../shared/doc-name'
import { demoRecords } from '../domain/demo-records'
import { seedOnce, type SeedDeps } from '../domain/seed-records'
import { seedWorkspace } from '../domain/seed-workspace'
import type { DocumentStore } from './document-store'

export const DEMO_ACCOUNT_DOC = formatDocName({ workspaceId: DEMO_WORKSPACE_ID, type: 'account', recordId: DEMO_ACCOUNT_ID })
export const DEMO_SEED = 'demo-records'

export async function ensureDemoWorkspace(store: DocumentStore): Promise<void> {
  await store.ensureWorkspace(DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME)
}

/**
 * Seeds the demo workspace's roles and records, once, owned by `ownerId` when given; returns how many
 * documents it wrote to.
 */
export async function seedDemo(services: SeedDeps & { storage: { store: DocumentStore } }, ownerId?: string): Promise<number> {
  await ensureDemoWorkspace(services.storage.store)
  const roles = await seedWorkspace(services, DEMO_WORKSPACE_ID)
  return roles + await seedOnce(services, DEMO_WORKSPACE_ID, DEMO_SEED, demoRecords(DEMO_WORKSPACE_ID, Date.now(), ownerId))
}
