import { For } from 'solid-js'

export interface Presence {
  clientId: number
  name: string
  color: string
  /** The field this person is in, if any. */
  field?: string | undefined
}

/** The people on a record, as initials in their colour. */
export function Avatars(props: { people: Presence[] }) {
  return (
    <ul class="avatars" aria-label="People on this record" data-testid="avatars">
      <For each={props.people}>
        {(person) => (
          <li class="avatar" style={{ 'background-color': person.color }} title={person.field ? `${person.name} · editing ${person.field}` : person.name}>
            {initials(person.name)}
          </li>
        )}
      </For>
    </ul>
  )
}

export function initials(name: string): string {
  // Initials of the words that are names: "Ada (guest)" is A, "Ada Lovelace" is AL.
  const parts = name.replace(/\([^)]*\)/g, ' ').trim().split(/\s+/).filter((part) => /^\p{L}/u.test(part))
  if (parts.length === 0) return '?'
  return (parts[0]![0]! + (parts.length > 1 ? parts[parts.length - 1]![0]! : '')).toUpperCase()
}
