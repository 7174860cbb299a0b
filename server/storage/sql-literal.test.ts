import { expect, test } from 'vitest'
import { insertScript, insertScriptInSlices, insertStatement, literal } from './sql-literal'
import { TimeSlices } from './time-slices'

test('values become literals that cannot break out of their quotes', () => {
  expect(literal(null)).toBe('NULL')
  expect(literal(42)).toBe('42')
  expect(literal("O'Brien'); drop table users; --")).toBe("'O''Brien''); drop table users; --'")
  expect(literal(Uint8Array.of(0, 15, 255))).toBe("'\\x000fff'::bytea")
})

test('non-finite numbers, NUL characters and odd identifiers are refused', () => {
  expect(() => literal(Number.NaN)).toThrow()
  expect(() => literal('a\u0000b')).toThrow(/NUL/)
  expect(() => insertStatement({ table: 't; drop', columns: ['a'], rows: [[1]] })).toThrow(/identifier/)
  expect(() => insertStatement({ table: 't', columns: ['a', 'b'], rows: [[1]] })).toThrow(/2 columns/)
})

test('an insert statement lists every row', () => {
  expect(insertStatement({ table: 't', columns: ['a', 'b'], rows: [[1, 'x'], [2, null]] })).toBe("insert into t (a, b) values (1, 'x'), (2, NULL)")
})

test('a script written in slices is the script written at once', async () => {
  const parts = [
    { table: 't', columns: ['a', 'b'], rows: [[1, 'x'], [2, Uint8Array.of(1, 2)]] },
    { table: 'u', columns: ['a'], rows: [] },
    { text: 'update t set b = $1 where a = $2', params: ['y', 1] },
  ]
  expect(await insertScriptInSlices(parts, new TimeSlices(0))).toBe(insertScript(parts))
  expect(insertScript(parts).split(';\n')).toHaveLength(2)
})
