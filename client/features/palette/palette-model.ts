/**
 * What the command palette offers for a query: records from the local catalog at once (every
 * type, best first), the server's search hits merged in when they arrive (deduplicated by id, the
 * local row wins: it may carry an edit the server has not seen), and commands ("New account",
 * "Go to Cases"). Every item opens a hash route, so the palette only navigates.
 */
import { RECORD_TYPES, recordType } from '../../../shared/records'
import type { SearchHit } from '../../api/search-api'
import { href } from '../../router'
import type { CatalogListRow } from '../../sync/catalog'
import { quickFold, searchTerms, type SearchIndex } from '../lists/list-search'

export interface PaletteItem {
  /** Unique in one answer: the record id, or `command:<name>`. */
  key: string
  kind: 'record' | 'command'
  label: string
  detail: string
  /** The hash it opens. */
  to: string
  /** A local edit the server does not have yet. */
  pending?: boolean
}

/** The record types the app has pages for, in navigation order. */
export const NAV_TYPES = ['account', 'contact', 'case', 'activity'] as const

/** The record types a user can start from the palette. */
const CREATABLE = ['account', 'contact', 'case', 'activity', 'relationship'] as const

function recordItem(workspaceId: string, row: CatalogListRow): PaletteItem {
  const type = recordType(row.type)
  const account = row.accountId && row.accountId !== row.id ? row.refTitles[row.accountId] : undefined
  return {
    key: row.id, kind: 'record', label: row.title || `Untitled ${type?.label.toLowerCase() ?? 'record'}`,
    detail: [type?.label ?? row.type, account].filter(Boolean).join(' · '),
    to: href.record(workspaceId, type?.path ?? row.type, row.id), ...(row.pending ? { pending: true } : {}),
  }
}

/**
 * The best local matches: every query word in the row's haystack, ranked by where the query meets
 * the title (its start, a word's start, anywhere, elsewhere only), ties in the catalog's order.
 */
export function localMatches(workspaceId: string, index: SearchIndex, query: string, limit: number): PaletteItem[] {
  const terms = searchTerms(query)
  if (terms.length === 0) return []
  const folded = quickFold(query)
  const buckets: CatalogListRow[][] = [[], [], [], []]
  const { rows, haystacks } = index
  for (let i = 0; i < rows.length; i++) {
    const haystack = haystacks[i]!
    let all = true
    for (const term of terms) {
      if (!haystack.includes(term.text) && !(term.digits !== null && haystack.includes(term.digits))) { all = false; break }
    }
    if (!all) continue
    const row = rows[i]!
    const title = haystack.slice(0, (haystack.indexOf('\u0001') + 1 || haystack.length + 1) - 1)
    const rank = title.startsWith(folded) ? 0 : title.includes(` ${terms[0]!.text}`) ? 1 : title.includes(terms[0]!.text) ? 2 : 3
    if (buckets[0]!.length >= limit && rank > 0) continue
    buckets[rank]!.push(row)
  }
  return buckets.flat().slice(0, limit).map((row) => recordItem(workspaceId, row))
}

/** Local items first, then the server's hits not already there, at most `limit`. */
export function mergeResults(workspaceId: string, local: readonly PaletteItem[], hits: readonly SearchHit[], limit: number): PaletteItem[] {
  const seen = new Set(local.map((item) => item.key))
  const merged = [...local]
  for (const hit of hits) {
    if (merged.length >= limit) break
    if (seen.has(hit.id)) continue
    seen.add(hit.id)
    const type = recordType(hit.type)
    merged.push({
      key: hit.id, kind: 'record', label: hit.title || `Untitled ${type?.label.toLowerCase() ?? 'record'}`,
      detail: [type?.label ?? hit.type, hit.subtitle].filter(Boolean).join(' · '),
      to: href.record(workspaceId, hit.path, hit.id),
    })
  }
  return merged.slice(0, limit)
}

/** Every command, for a workspace; `canWrite` leaves out "New …" for viewers. */
export function allCommands(workspaceId: string, options: { canWrite: boolean; canManage: boolean }): PaletteItem[] {
  const commands: PaletteItem[] = []
  if (options.canWrite) {
    for (const name of CREATABLE) {
      const type = recordType(name)!
      commands.push({ key: `command:new-${name}`, kind: 'command', label: `New ${type.label.toLowerCase()}`, detail: 'Create', to: href.newRecord(workspaceId, type.path) })
    }
  }
  for (const type of RECORD_TYPES) {
    commands.push({ key: `command:go-${type.type}`, kind: 'command', label: `Go to ${type.pluralLabel}`, detail: 'Open the list', to: href.list(workspaceId, type.path) })
  }
  commands.push({ key: 'command:members', kind: 'command', label: options.canManage ? 'Manage members' : 'Members', detail: 'Workspace', to: href.members(workspaceId) })
  return commands
}

/** The commands whose words all start somewhere in their label ("new acc", "go ca"). */
export function matchingCommands(commands: readonly PaletteItem[], query: string): PaletteItem[] {
  const words = quickFold(query).split(' ').filter((w) => w !== '')
  if (words.length === 0) return [...commands]
  return commands.filter((command) => {
    const label = quickFold(command.label).split(' ')
    return words.every((word) => label.some((part) => part.startsWith(word)))
  })
}
