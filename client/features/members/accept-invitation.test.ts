import { expect, test } from 'vitest'
import { invitationToken } from './accept-invitation'

test('an invitation path gives its token; any other path gives none', () => {
  expect(invitationToken('/invite/AbC_def-1234567')).toBe('AbC_def-1234567')
  expect(invitationToken('/invite/AbC_def-1234567/')).toBe('AbC_def-1234567')
  expect(invitationToken('/')).toBeNull()
  expect(invitationToken('/invite/')).toBeNull()
  expect(invitationToken('/invite/short')).toBeNull()
  expect(invitationToken('/invite/a b c d e f g h')).toBeNull()
  expect(invitationToken('/invite/AbC_def-1234567/more')).toBeNull()
})
