/**
 * Who is using this browser until sign-in exists (the trust issue): a guest with a stable id,
 * a friendly name and a colour, kept in localStorage. The id namespaces the local replica.
 */
const KEY = 'tandem.guest'
const NAMES = ['Ada', 'Grace', 'Alan', 'Edsger', 'Barbara', 'Ken', 'Margaret', 'Linus', 'Frances', 'Dennis', 'Radia', 'Tim']
const COLORS = ['#1f5fbf', '#b3261e', '#1f8a4c', '#8e44ad', '#b26a00', '#00838f', '#c2185b', '#5d4037']

export interface Identity {
  id: string
  name: string
  color: string
}

export function loadIdentity(storage: Storage = localStorage): Identity {
  try {
    const value = JSON.parse(storage.getItem(KEY) ?? 'null') as Partial<Identity> | null
    if (value && typeof value.id === 'string' && typeof value.name === 'string' && typeof value.color === 'string') {
      return { id: value.id, name: value.name, color: value.color }
    }
  } catch {
    // A damaged entry: make a new guest below.
  }
  const random = crypto.getRandomValues(new Uint32Array(3))
  const identity = {
    id: `guest-${random[0]!.toString(36)}${random[1]!.toString(36)}`,
    name: `${NAMES[random[2]! % NAMES.length]} (guest)`,
    color: COLORS[random[1]! % COLORS.length]!,
  }
  storage.setItem(KEY, JSON.stringify(identity))
  return identity
}
