/**
 * The parts of the planning page: a section of keyed items (each row marked with the colleague in
 * it, an add box that keeps what is typed until Enter), an item's text written as it is typed, a
 * choice from a schema's values, and the names of the people in a place.
 */
import { For, Show, createMemo, createSignal, type JSX } from 'solid-js'
import type { Scalar } from '../../../shared/doc/record-doc'
import type { RecordView } from '../../store/create-record-view'
import type { Presence } from '../../ui/avatars'
import type { ItemRoot, PlanItems } from './create-plan-items'

type Item = Record<string, Scalar>

export function ItemSection(props: {
  title: string
  root: ItemRoot
  plan: PlanItems
  view: RecordView
  others: (where: string) => Presence[]
  readOnly: boolean
  placeholder?: string
  add?: (text: string) => void
  adder?: JSX.Element
  children: (id: string, item: () => Item) => JSX.Element
}) {
  const [draft, setDraft] = createSignal('')
  const ids = createMemo(() => Object.keys(props.plan.items[props.root]))
  const submit = () => {
    const text = draft().trim()
    if (text === '' || !props.add) return
    props.add(text)
    setDraft('')
  }
  return (
    <section class="record__section plan__section" data-testid={`plan-${props.root}`}>
      <h2 class="record__section-title">{props.title} <span class="related__count">({ids().length})</span></h2>
      <ul class="plan__items">
        <For each={ids()} fallback={<li class="hint">Nothing yet.</li>}>
          {(id) => {
            const item = () => props.plan.items[props.root][id] ?? {}
            const busy = () => props.others(`${props.root}.${id}`)[0]
            return (
              <li class="plan__item" classList={{ 'plan__item--busy': !!busy() }} data-item={id}
                style={busy() ? { '--busy-color': busy()!.color } : {}}>
                {props.children(id, item)}
                <PresenceTag people={props.others(`${props.root}.${id}`)} />
                <button type="button" class="button button--link plan__remove" aria-label={`Remove from ${props.title}`} disabled={props.readOnly}
                  onClick={() => props.plan.remove(props.root, id)}>×</button>
              </li>
            )
          }}
        </For>
      </ul>
      <Show when={!props.readOnly}>
        <div class="plan__add">
          <Show when={props.add} fallback={props.adder}>
            <input type="text" placeholder={props.placeholder} aria-label={props.placeholder} value={draft()} maxLength={200}
              onInput={(e) => setDraft(e.currentTarget.value)} onFocus={() => props.view.focus(props.root)} onBlur={() => props.view.focus(null)}
              onKeyDown={(e) => { if (e.key === 'Enter') { e.preventDefault(); submit() } if (e.key === 'Escape') setDraft('') }} />
            <button type="button" class="button button--small" onClick={submit} disabled={draft().trim() === ''}>Add</button>
          </Show>
          <PresenceTag people={props.others(props.root)} />
        </div>
      </Show>
    </section>
  )
}

/** One text of an item, written as it is typed; an emptied required text is kept out until filled. */
export function ItemText(props: { root: ItemRoot; id: string; field?: string; value: Scalar | undefined; plan: PlanItems; view: RecordView; readOnly: boolean; label: string; max: number }) {
  const field = () => props.field ?? 'text'
  const [problem, setProblem] = createSignal<string | null>(null)
  return (
    <span class="plan__text">
      <input type="text" aria-label={props.label} value={typeof props.value === 'string' ? props.value : ''} disabled={props.readOnly} maxLength={props.max}
        placeholder={props.field ? props.label : undefined}
        onFocus={() => props.view.focus(`${props.root}.${props.id}`)} onBlur={() => { props.view.focus(null); props.view.stopCapturing(); setProblem(null) }}
        onInput={(e) => {
          const value = e.currentTarget.value
          if (field() === 'text' && value.trim() === '') { setProblem(`${props.label} cannot be empty: remove the item instead.`); return }
          setProblem(null)
          props.plan.set(props.root, props.id, { [field()]: field() === 'text' ? value : value === '' ? undefined : value }, true)
        }} />
      <Show when={problem()}>{(p) => <span class="field__error" role="alert">{p()}</span>}</Show>
    </span>
  )
}

export function Choice(props: { label: string; values: readonly string[]; value: Scalar | undefined; disabled: boolean; focus: (on: boolean) => void; set: (value: string | undefined) => void }) {
  return (
    <select aria-label={props.label} title={props.label} value={typeof props.value === 'string' ? props.value : ''} disabled={props.disabled}
      onFocus={() => props.focus(true)} onBlur={() => props.focus(false)} onChange={(e) => props.set(e.currentTarget.value || undefined)}>
      <option value="">{props.label}…</option>
      <For each={props.values}>{(v) => <option value={v} selected={v === props.value}>{v}</option>}</For>
    </select>
  )
}

export function PresenceTag(props: { people: Presence[] }) {
  return (
    <For each={props.people}>
      {(person) => <span class="field__who plan__presence" data-testid="item-marker" style={{ color: person.color }}>{person.name}</span>}
    </For>
  )
}
