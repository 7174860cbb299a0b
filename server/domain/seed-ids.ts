/**
 * Ids of seeded records: UUIDv7-shaped and derived from the workspace and a key, so seeding the
 * same workspace twice names the same documents (nothing is created twice, even after a crash
 * half-way), seeded records can refer to each other before they exist, and two workspaces never
 * share an id. The time bits are a fixed instant plus the key's position, so seeded records sort
 * before anything users create and in catalog order among themselves.
 */
import { createHash } from 'node:crypto'

/** 2024-01-01T00:00:00Z: seeded records look created before any real one. */
const SEED_EPOCH_MS = 1_704_067_200_000

export function seedId(workspaceId: string, key: string, position: number): string {
  const hash = createHash('sha256').update(`tandem-seed\0${workspaceId}\0${key}`).digest('hex')
  const time = (SEED_EPOCH_MS + position).toString(16).padStart(12, '0')
  const variant = ((parseInt(hash[3]!, 16) & 0x3) | 0x8).toString(16)
  return `${time.slice(0, 8)}-${time.slice(8, 12)}-7${hash.slice(0, 3)}-${variant}${hash.slice(4, 7)}-${hash.slice(7, 19)}`
}
