/**
 * Signing out (DESIGN.md §4): the changes waiting on this device are sent first; when some cannot
 * be sent (offline, or the server does not take them in time), the user is told how many would be
 * lost and decides. Only when they discard them is the user's local replica and catalog wiped;
 * otherwise both stay for the next sign-in (and nothing is lost by signing out with nothing
 * waiting). Framework-free, so each path is tested with fakes.
 */
export interface SignOutDeps {
  /** Changes the server has not committed yet. */
  waiting(): number
  online(): boolean
  /** Tries to send what waits; resolves true when nothing waits any more. */
  sendWaiting(): Promise<boolean>
  /** Asks whether to discard `count` changes; true means discard them and sign out. */
  confirmDiscard(count: number): Promise<boolean>
  /** Ends the server session (may fail offline: the local sign-out goes on). */
  endSession(): Promise<void>
  /** Closes the sync client (every socket and session). */
  closeClient(): Promise<void>
  /** Wipes this user's replica and catalog. */
  wipe(): Promise<void>
  /** Progress, for the screen. */
  progress?(step: 'sending' | 'signing-out'): void
}

export type SignOutResult = { kind: 'signed-out'; discarded: number } | { kind: 'cancelled'; waiting: number }

export async function signOut(deps: SignOutDeps): Promise<SignOutResult> {
  if (deps.waiting() > 0 && deps.online()) {
    deps.progress?.('sending')
    await deps.sendWaiting().catch(() => false)
  }
  const left = deps.waiting()
  if (left > 0 && !(await deps.confirmDiscard(left))) return { kind: 'cancelled', waiting: left }
  deps.progress?.('signing-out')
  await deps.endSession().catch(() => {})
  await deps.closeClient()
  if (left > 0) await deps.wipe()
  return { kind: 'signed-out', discarded: left }
}

/** The question put to the user before discarding. */
export function discardQuestion(count: number, online: boolean): string {
  const changes = count === 1 ? '1 change' : `${count} changes`
  return online
    ? `${changes} on this device could not be sent to the server. Signing out now deletes ${count === 1 ? 'it' : 'them'} from this device for good.`
    : `You are offline: ${changes} on this device ${count === 1 ? 'has' : 'have'} not reached the server. Signing out now deletes ${count === 1 ? 'it' : 'them'} from this device for good.`
}
