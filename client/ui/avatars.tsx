import { For } from 'solid-js'
import { initials } from './initials'

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
