/**
 * Folding text for matching: lower case, accents removed (José → jose, Müller → muller), runs of
 * spaces made one. The server folds what it indexes and what is searched with the same function, so
 * search is accent-insensitive without depending on the database's `unaccent` dictionary.
 */
const MARKS = /[\u0300-\u036f]/g
// Letters NFD does not take apart.
const SPECIAL: Record<string, string> = { ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ð: 'd', þ: 'th', ı: 'i' }
const SPECIAL_RE = /[ßæœøłđðþı]/g

export function fold(value: string): string {
  return value
    .normalize('NFD')
    .replace(MARKS, '')
    .toLowerCase()
    .replace(SPECIAL_RE, (c) => SPECIAL[c] ?? c)
    .replace(/\s+/g, ' ')
    .trim()
}

/** The digits of a phone number, without a leading international 00 or +: "+1 (425) 555-0100" → "14255550100". */
export function phoneDigits(value: string): string {
  const digits = value.replace(/(x|ext\.?)\s*\d+\s*$/i, '').replace(/\D/g, '')
  return digits.startsWith('00') ? digits.slice(2) : digits
}
