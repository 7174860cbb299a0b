/**
 * What a form box shows for a field's value, and what a box's text means as a value (issue 5):
 * parsed per kind and checked with the shared schema (valueProblem) before anything is written, so
 * a value the form accepts is one the server accepts, and a bad one stays in the box with a message.
 */
import type { Scalar } from '../../../shared/doc/record-doc'
import type { FieldDef } from '../../../shared/schema/field'
import { valueProblem } from '../../../shared/schema/values'

export type Parsed = { ok: true; value: Scalar } | { ok: false; problem: string }

/** The text a box shows for a stored value (a datetime in the browser's local time, for `datetime-local`). */
export function boxText(def: FieldDef, value: unknown): string {
  if (value === null || value === undefined) return ''
  if (def.kind === 'datetime' && typeof value === 'string') return localDateTime(value)
  return String(value)
}

/** The value a box's text stands for; empty text clears the field (null) unless it is required. */
export function parseBox(def: FieldDef, text: string): Parsed {
  if (text.trim() === '') return def.required ? fail(`${def.label} is required`) : { ok: true, value: null }
  let value: Scalar
  switch (def.kind) {
    case 'integer':
    case 'number':
    case 'money': {
      const plain = text.trim().replace(/[\s,\u00a0\u202f]/g, '')
      const pattern = def.kind === 'integer' ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)$/
      if (!pattern.test(plain)) return fail(`${def.label} ${def.kind === 'integer' ? 'must be a whole number' : 'must be a number'}`)
      value = Number(plain)
      break
    }
    case 'boolean':
      if (text !== 'true' && text !== 'false') return fail(`${def.label} must be true or false`)
      value = text === 'true'
      break
    case 'datetime': {
      const time = Date.parse(text)
      if (Number.isNaN(time)) return fail(`${def.label} must be a date and time`)
      value = new Date(time).toISOString()
      break
    }
    default:
      value = text
  }
  const problem = valueProblem(def, value)
  return problem ? fail(`${def.label} ${problem}`) : { ok: true, value }
}

/** Why a stored value (a draft, a forced write) does not fit, in the form's words; null when it fits. */
export function storedProblem(def: FieldDef, value: unknown): string | null {
  if (def.required && (value === null || value === undefined || value === '')) return `${def.label} is required`
  const problem = value === undefined ? null : valueProblem(def, value)
  return problem ? `${def.label} ${problem}` : null
}

/** `YYYY-MM-DDTHH:mm` in the browser's time zone, as `<input type="datetime-local">` wants it. */
export function localDateTime(iso: string): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return ''
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`
}

function fail(problem: string): Parsed {
  return { ok: false, problem }
}
