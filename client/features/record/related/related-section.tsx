/** A related list's frame on a record page: a heading with the count, its rows, its actions. */
import { Show, type JSX } from 'solid-js'

export function RelatedSection(props: { title: string; count?: number; actions?: JSX.Element; children: JSX.Element; testId?: string }) {
  return (
    <section class="related" data-testid={props.testId}>
      <header class="related__header">
        <h2>{props.title}<Show when={props.count !== undefined}> <span class="related__count">{props.count}</span></Show></h2>
        {props.actions}
      </header>
      {props.children}
    </section>
  )
}

/** The errors of an in-place form, by field, as one line each. */
export function FormErrors(props: { errors: Record<string, string> }) {
  return (
    <Show when={Object.keys(props.errors).length > 0}>
      <ul class="inline-form__errors" role="alert">{Object.values(props.errors).map((e) => <li>{e}</li>)}</ul>
    </Show>
  )
}
