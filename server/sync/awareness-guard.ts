/**
 * The server's say over presence. An awareness update is
 *
 *   varUint n · n × ( varUint clientID · varUint clock · varString stateJSON )
 *
 * A connection may publish states only for client ids no other connection controls (at most
 * `maxClientsPerConnection` of them), each state at most `maxStateBytes`, and the `user` it claims
 * is replaced by the identity of its session: nobody can pose as someone else.
 *
 * Entries the room's awareness would ignore anyway (a clock it has already seen: `isStale`) are
 * dropped before those checks. The stock y-websocket provider sends back every awareness change
 * it receives, others' states and removals included, at the clocks the server sent; those echoes
 * are stale by then and must not close an honest client or count as client ids it speaks for.
 */
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

export interface PresenceIdentity {
  userId: string
  name: string
  color: string
}

export interface AwarenessLimits {
  maxStateBytes: number
  maxClientsPerConnection: number
}

export type GuardResult =
  | { ok: true; update: Uint8Array; clients: number[] }
  | { ok: false; reason: string }

/**
 * Checks and rewrites one awareness update from a connection. `controlledBy(id)` says which
 * connection controls a client id (undefined for none); `mine` are the ids this one controls.
 */
export function guardAwareness(
  update: Uint8Array, identity: PresenceIdentity | null, mine: ReadonlySet<number>,
  controlledByOther: (clientId: number) => boolean, limits: AwarenessLimits,
  isStale: (clientId: number, clock: number, removal: boolean) => boolean = () => false,
): GuardResult {
  const entries: Array<{ clientId: number; clock: number; state: string }> = []
  try {
    const decoder = decoding.createDecoder(update)
    const count = decoding.readVarUint(decoder)
    // Each entry takes at least 3 bytes, so the frame size limit bounds this loop.
    for (let i = 0; i < count; i++) {
      const entry = { clientId: decoding.readVarUint(decoder), clock: decoding.readVarUint(decoder), state: decoding.readVarString(decoder) }
      if (!isStale(entry.clientId, entry.clock, entry.state === 'null')) entries.push(entry)
    }
    if (decoding.hasContent(decoder)) return { ok: false, reason: 'trailing bytes after the awareness update' }
  } catch {
    return { ok: false, reason: 'malformed awareness update' }
  }
  if (entries.length > limits.maxClientsPerConnection) return { ok: false, reason: `${entries.length} awareness states in one message` }
  const clients = new Set(mine)
  const out = encoding.createEncoder()
  encoding.writeVarUint(out, entries.length)
  for (const entry of entries) {
    if (controlledByOther(entry.clientId)) return { ok: false, reason: `client id ${entry.clientId} belongs to another connection` }
    clients.add(entry.clientId)
    if (clients.size > limits.maxClientsPerConnection) return { ok: false, reason: 'too many client ids on one connection' }
    if (entry.state.length > limits.maxStateBytes) return { ok: false, reason: `an awareness state of ${entry.state.length} bytes (limit ${limits.maxStateBytes})` }
    let state: unknown
    try {
      state = JSON.parse(entry.state)
    } catch {
      return { ok: false, reason: 'an awareness state that is not JSON' }
    }
    if (state !== null && (typeof state !== 'object' || Array.isArray(state))) return { ok: false, reason: 'an awareness state that is not an object' }
    if (state !== null && identity) {
      (state as Record<string, unknown>).user = { id: identity.userId, name: identity.name, color: identity.color }
    }
    encoding.writeVarUint(out, entry.clientId)
    encoding.writeVarUint(out, entry.clock)
    encoding.writeVarString(out, JSON.stringify(state))
  }
  return { ok: true, update: encoding.toUint8Array(out), clients: [...clients] }
}

/** A stable, readable colour for a user id (presence needs one before profiles exist). */
export function colorFor(userId: string): string {
  let hash = 0
  for (let i = 0; i < userId.length; i++) hash = (hash * 31 + userId.charCodeAt(i)) | 0
  return `hsl(${Math.abs(hash) % 360} 65% 42%)`
}
