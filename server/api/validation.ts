/**
 * Parsing JSON bodies at the boundary: one place that turns a request body into typed values or a
 * 400 that names every failing field.
 */
import type { Context } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { ERROR } from '../../shared/errors'

export class ValidationError extends HTTPException {
  constructor(readonly fields: Record<string, string>) {
    // Schema messages are whole sentences that name the field's label ("Last name is required");
    // the others say what is wrong with the named field ("must be an email address").
    super(400, { message: `Please check: ${Object.entries(fields).map(([k, v]) => (/^[A-Z]/.test(v) ? v : `${k} ${v}`)).join('; ')}.` })
  }
}

export async function jsonBody(c: Context, maxBytes = 64 * 1024): Promise<Record<string, unknown>> {
  const text = await c.req.text()
  if (text.length > maxBytes) throw new HTTPException(413, { message: `The request body is over ${maxBytes / 1024} KiB.` })
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch {
    throw new HTTPException(400, { message: 'The request body must be JSON.' })
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new HTTPException(400, { message: 'The request body must be a JSON object.' })
  return value as Record<string, unknown>
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export function fieldErrors() {
  const errors: Record<string, string> = {}
  return {
    errors,
    string(body: Record<string, unknown>, key: string, options: { min?: number; max: number; required?: boolean }): string {
      const value = body[key]
      if (value === undefined || value === null || value === '') {
        if (options.required !== false) errors[key] = 'is required'
        return ''
      }
      if (typeof value !== 'string') { errors[key] = 'must be text'; return '' }
      if (options.min !== undefined && value.length < options.min) errors[key] = `must be at least ${options.min} characters`
      if (value.length > options.max) errors[key] = `must be at most ${options.max} characters`
      return value
    },
    email(body: Record<string, unknown>, key: string): string {
      const value = this.string(body, key, { max: 254 })
      if (value && !EMAIL.test(value)) errors[key] = 'must be an email address'
      return value.trim().toLowerCase()
    },
    check() {
      if (Object.keys(errors).length > 0) throw new ValidationError(errors)
    },
  }
}

export const VALIDATION_CODE = ERROR.BAD_REQUEST
