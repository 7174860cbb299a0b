/**
 * What every new workspace starts with: the relationship role catalog (role-catalog.ts), written
 * once through the rooms as the server. Called where workspaces are created (the workspace route,
 * sign-up, the demo workspace at start).
 */
import { ROLE_CATALOG } from './role-catalog'
import { seedId } from './seed-ids'
import { seedOnce, type SeedDeps, type SeedRecord } from './seed-records'

export const ROLES_SEED = 'relationship-roles'

/** The id of a catalog role in a workspace (the same on every call). */
export function catalogRoleId(workspaceId: string, key: string): string {
  const position = ROLE_CATALOG.findIndex((role) => role.key === key)
  if (position < 0) throw new Error(`no catalog role ${key}`)
  return seedId(workspaceId, `role:${key}`, position)
}

export function roleCatalogRecords(workspaceId: string): SeedRecord[] {
  return ROLE_CATALOG.map((role) => ({
    type: 'relationship-role',
    id: catalogRoleId(workspaceId, role.key),
    fields: {
      name: role.name,
      category: role.category,
      description: role.description,
      ...(role.reciprocal ? { reciprocalRoleId: catalogRoleId(workspaceId, role.reciprocal) } : {}),
    },
    sets: { appliesTo: role.appliesTo },
  }))
}

/** Seeds a workspace's role catalog, once; returns how many records it wrote. */
export async function seedWorkspace(deps: SeedDeps, workspaceId: string): Promise<number> {
  return seedOnce(deps, workspaceId, ROLES_SEED, roleCatalogRecords(workspaceId))
}
