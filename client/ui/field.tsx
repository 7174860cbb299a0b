import { Show, type JSX } from 'solid-js'
import type { Presence } from './avatars'

/** A labelled form field, marked when a colleague is in it, with a hint and an error under it. */
export function Field(props: {
  label: string
  for: string
  error?: string | undefined
  others?: Presence[]
  help?: string | undefined
  required?: boolean | undefined
  children: JSX.Element
}) {
  const other = () => props.others?.[0]
  return (
    <div class="field" classList={{ 'field--busy': !!other(), 'field--error': !!props.error }}
      style={other() ? { '--busy-color': other()!.color } : {}} data-field={props.for}>
      <label for={props.for}>
        {props.label}
        <Show when={props.required}><span class="field__required" aria-label="required"> *</span></Show>
        <Show when={other()}>{(person) => <span class="field__who" data-testid="field-marker" style={{ color: person().color }}>{person().name}</span>}</Show>
      </label>
      {props.children}
      <Show when={props.error}><p class="field__error" role="alert">{props.error}</p></Show>
      <Show when={props.help && !props.error}><p class="field__help">{props.help}</p></Show>
    </div>
  )
}
