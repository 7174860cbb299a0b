import { expect, test } from 'vitest'
import { formatDocName, parseDocName } from './doc-name'
import { uuidv7 } from './ids'

test('a document name round-trips through format and parse', () => {
  const name = { workspaceId: 'demo', type: 'account', recordId: uuidv7() }
  expect(parseDocName(formatDocName(name))).toEqual(name)
})

test('names with extra segments, bad ids or path tricks are rejected', () => {
  const id = uuidv7()
  for (const bad of ['', 'demo', `demo/account`, `demo/account/${id}/x`, `demo/account/not-a-uuid`,
    `../account/${id}`, `Demo/account/${id}`, `demo/Account/${id}`, `demo//${id}`, `demo/account/${id.toUpperCase()}`]) {
    expect(parseDocName(bad), bad).toBeNull()
  }
})
