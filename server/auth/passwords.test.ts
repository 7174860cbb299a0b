import { expect, test } from 'vitest'
import { hashPassword, verifyPassword } from './passwords'

test('a password verifies against its hash and a wrong one does not', async () => {
  const hash = await hashPassword('correct horse battery staple')
  expect(hash).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/)
  expect(hash).not.toContain('correct horse')
  expect(await verifyPassword('correct horse battery staple', hash)).toBe(true)
  expect(await verifyPassword('correct horse battery stapler', hash)).toBe(false)
})

test('two hashes of one password differ (a random salt each)', async () => {
  expect(await hashPassword('same password here')).not.toBe(await hashPassword('same password here'))
})

test('a malformed stored hash never verifies', async () => {
  expect(await verifyPassword('anything', 'plain-text')).toBe(false)
  expect(await verifyPassword('anything', 'scrypt$1$2$3')).toBe(false)
})
