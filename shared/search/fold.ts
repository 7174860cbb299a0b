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

/**
 * The digit strings a phone number may be stored under, for matching one written another way: the
 * digits as given, without a country code of one to three digits (while eight digits remain), and
 * without a national trunk 0 ("020 7946 0958" ↔ "+44 20 7946 0958"). A stored number written any
 * of these ways contains one of them.
 */
export function phoneVariants(value: string): string[] {
  const digits = phoneDigits(value)
  const variants = new Set<string>([digits])
  for (let k = 1; k <= 3 && digits.length - k >= 8; k++) variants.add(digits.slice(k))
  if (digits.startsWith('0') && digits.length > 7) variants.add(digits.slice(1))
  return [...variants].filter((d) => d !== '')
}

/**
 * Whether two phone numbers are the same line written differently: equal digits, or one the other
 * with a country-code prefix (at most three digits) or a trunk 0 in front. Short numbers (under
 * seven digits) only match exactly.
 */
export function samePhone(a: string, b: string): boolean {
  const x = phoneDigits(a).replace(/^0/, '')
  const y = phoneDigits(b).replace(/^0/, '')
  if (x === '' || y === '') return false
  if (x === y) return true
  const [short, long] = x.length < y.length ? [x, y] : [y, x]
  return short.length >= 7 && long.length - short.length <= 3 && long.endsWith(short)
}
