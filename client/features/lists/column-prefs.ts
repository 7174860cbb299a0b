/**
 * Which columns a user chose for a list, remembered in localStorage per user and record type.
 * What is read back is checked against the schema: a column the schema no longer lists is dropped,
 * and nothing usable falls back to the defaults.
 */
import type { RecordType } from '../../../shared/schema/record-type'
import { defaultColumnKeys, listColumns } from './list-columns'

export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

function storageKey(userId: string, type: string): string {
  return `tandem.columns.${userId}.${type}`
}

export function loadColumnKeys(storage: KeyValueStorage, userId: string, type: RecordType): string[] {
  const known = new Set(listColumns(type).map((c) => c.key))
  try {
    const saved = JSON.parse(storage.getItem(storageKey(userId, type.type)) ?? 'null') as unknown
    if (Array.isArray(saved)) {
      const keys = [...new Set(saved.filter((k): k is string => typeof k === 'string' && known.has(k)))]
      if (keys.length > 0) return keys
    }
  } catch {
    // A damaged entry is the same as none.
  }
  return defaultColumnKeys(type)
}

export function saveColumnKeys(storage: KeyValueStorage, userId: string, type: RecordType, keys: readonly string[]): void {
  try {
    storage.setItem(storageKey(userId, type.type), JSON.stringify(keys))
  } catch {
    // Storage full or blocked: the choice holds for this page and is simply not remembered.
  }
}

/** The column keys in schema order with `key` shown or hidden (at least one stays shown). */
export function toggledColumn(type: RecordType, keys: readonly string[], key: string): string[] {
  const shown = new Set(keys)
  if (shown.has(key)) {
    if (shown.size === 1) return [...keys]
    shown.delete(key)
  } else {
    shown.add(key)
  }
  const order = listColumns(type).map((c) => c.key)
  return [...keys.filter((k) => shown.has(k)), ...order.filter((k) => shown.has(k) && !keys.includes(k))]
}
