/**
 * Lost writes the server recorded (field history entries of kind `lost`): my value of a field lost
 * to a concurrent write while this page was not open to see it happen (offline edits uploaded by
 * the background catch-up, another tab). Each becomes the same notice as a loss seen live, until
 * the user picks "use mine" or "keep theirs" (remembered by entry id), or the field already holds
 * my value again.
 */
import type { Scalar } from '../../../shared/doc/record-doc'
import type { LostNotice } from '../../store/create-record-view'
import type { HistoryEntry } from './record-api'

const RECENT_MS = 7 * 24 * 3600 * 1000

export function lostNoticesFromHistory(
  entries: readonly HistoryEntry[], me: string, current: Record<string, unknown>, dismissed: ReadonlySet<string>, now = Date.now(),
): Array<LostNotice & { entryId: string }> {
  const seen = new Set<string>()
  const notices: Array<LostNotice & { entryId: string }> = []
  // Newest first: only the latest loss of each field counts, and only if nothing of mine came after.
  for (const entry of entries) {
    if (seen.has(entry.field)) continue
    if (entry.actor.id === `user:${me}` && entry.kind === 'edit') { seen.add(entry.field); continue }
    if (entry.kind !== 'lost' || entry.actor.id !== `user:${me}`) continue
    seen.add(entry.field)
    if (dismissed.has(entry.id) || now - Date.parse(entry.at) > RECENT_MS) continue
    if (!isScalar(entry.new) || current[entry.field] === entry.new) continue
    const winner = entries.find((e) => e.field === entry.field && e.kind === 'edit' && e.actor.id !== entry.actor.id)
    notices.push({
      entryId: entry.id, field: entry.field, mine: entry.new, theirs: isScalar(current[entry.field]) ? current[entry.field] as Scalar : undefined,
      by: winner?.actor.name ?? 'a colleague',
    })
  }
  return notices
}

function isScalar(value: unknown): value is Scalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value)
}
