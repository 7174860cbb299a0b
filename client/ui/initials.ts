/** Initials of the words that are names: "Ada (guest)" is A, "Ada Lovelace" is AL. */
export function initials(name: string): string {
  const parts = name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/).filter((part) => /^\p{L}/u.test(part))
  if (parts.length === 0) return '?'
  return (parts[0]![0]! + (parts.length > 1 ? parts[parts.length - 1]![0]! : '')).toUpperCase()
}
