import { describe, expect, test } from 'vitest'
import { discardQuestion, signOut, type SignOutDeps } from './sign-out'

function fakes(over: Partial<SignOutDeps> & { start?: number } = {}) {
  let waiting = over.start ?? 0
  const calls: string[] = []
  const deps: SignOutDeps = {
    waiting: () => waiting,
    online: () => true,
    sendWaiting: async () => { calls.push('send'); waiting = 0; return true },
    confirmDiscard: async (n) => { calls.push(`ask ${n}`); return false },
    endSession: async () => { calls.push('end session') },
    closeClient: async () => { calls.push('close') },
    wipe: async () => { calls.push('wipe') },
    ...over,
  }
  return { deps, calls, setWaiting: (n: number) => { waiting = n } }
}

describe('signing out', () => {
  test('online with changes waiting, sends them first, then signs out and keeps the replica', async () => {
    const { deps, calls } = fakes({ start: 3 })
    expect(await signOut(deps)).toEqual({ kind: 'signed-out', discarded: 0 })
    expect(calls).toEqual(['send', 'end session', 'close'])
  })

  test('with nothing waiting, signs out at once and wipes nothing, online or offline', async () => {
    const { deps, calls } = fakes({ online: () => false })
    expect(await signOut(deps)).toEqual({ kind: 'signed-out', discarded: 0 })
    expect(calls).toEqual(['end session', 'close'])
  })

  test('offline with changes waiting, asks with their number; keeping them cancels and touches nothing', async () => {
    const { deps, calls } = fakes({ start: 2, online: () => false })
    expect(await signOut(deps)).toEqual({ kind: 'cancelled', waiting: 2 })
    expect(calls).toEqual(['ask 2'])
  })

  test('offline, discarding the waiting changes signs out and wipes the replica and catalog', async () => {
    const { deps, calls } = fakes({ start: 2, online: () => false, confirmDiscard: async (n) => { calls.push(`ask ${n}`); return true } })
    expect(await signOut(deps)).toEqual({ kind: 'signed-out', discarded: 2 })
    expect(calls).toEqual(['ask 2', 'end session', 'close', 'wipe'])
  })

  test('online, when some changes could not be sent, asks about those that are left', async () => {
    const f = fakes({ start: 5 })
    f.deps.sendWaiting = async () => { f.calls.push('send'); f.setWaiting(1); return false }
    expect(await signOut(f.deps)).toEqual({ kind: 'cancelled', waiting: 1 })
    expect(f.calls).toEqual(['send', 'ask 1'])
  })

  test('a server session that cannot be ended (offline) still signs out on this device', async () => {
    const { deps, calls } = fakes({ endSession: async () => { throw new Error('offline') } })
    expect(await signOut(deps)).toEqual({ kind: 'signed-out', discarded: 0 })
    expect(calls).toEqual(['close'])
  })
})

test('the question names how many changes would be lost, and says when the user is offline', () => {
  expect(discardQuestion(1, false)).toBe('You are offline: 1 change on this device has not reached the server. Signing out now deletes it from this device for good.')
  expect(discardQuestion(4, true)).toContain('4 changes on this device could not be sent')
})
