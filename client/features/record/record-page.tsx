/**
 * A record page for the demo account: its fields and description, co-edited live, with the people
 * on it and the field each is in. (The schema-driven record pages are the app issue; this page is
 * the sync engine's working surface.)
 */
import { For, Show, createResource, createSignal, onCleanup, type JSX } from 'solid-js'
import { Avatars } from '../../ui/avatars'
import { Field } from '../../ui/field'
import type { Identity } from '../../identity'
import { createObservableSignal } from '../../store/create-observable-signal'
import { createRecordView, type RecordView } from '../../store/create-record-view'
import type { DocSession } from '../../sync/doc-session'
import type { SyncClient } from '../../sync/sync-client'
import { bindTextArea } from './text-area-binding'

const FIELDS: Array<{ key: string; label: string; max: number; required?: boolean; type?: string }> = [
  { key: 'name', label: 'Account name', max: 160, required: true },
  { key: 'accountNumber', label: 'Account number', max: 40 },
  { key: 'phone', label: 'Main phone', max: 40, type: 'tel' },
  { key: 'website', label: 'Website', max: 200, type: 'url' },
  { key: 'industry', label: 'Industry', max: 80 },
  { key: 'email', label: 'Email', max: 200, type: 'email' },
]

export function RecordPage(props: { client: SyncClient; docName: string; me: Identity }) {
  const [session] = createResource(() => props.docName, async (name) => {
    const s = await props.client.openDocument(name)
    onCleanup(() => void s.close())
    return s
  })
  return (
    <Show when={session()} fallback={<p class="hint">{session.error ? `Could not open the record: ${String(session.error.message ?? session.error)}` : 'Opening the record…'}</p>}>
      {(s) => <RecordForm session={s()} me={props.me} />}
    </Show>
  )
}

function RecordForm(props: { session: DocSession; me: Identity }) {
  const view = createRecordView(props.session, props.me)
  const refusal = createObservableSignal(props.session.refusal)
  const readOnly = createObservableSignal(props.session.readOnly)
  const [errors, setErrors] = createSignal<Record<string, string>>({})

  const edit = (key: string, max: number, required: boolean | undefined): JSX.EventHandler<HTMLInputElement, InputEvent> => (event) => {
    const value = event.currentTarget.value
    const problem = required && value.trim() === '' ? 'Required.' : value.length > max ? `At most ${max} characters (now ${value.length}).` : ''
    setErrors((e) => ({ ...e, [key]: problem }))
    // An invalid value stays in the box for the user to fix; only valid values are written.
    if (!problem) view.setField(key, value)
  }

  return (
    <article class="card record" aria-labelledby="record-title">
      <header class="record__header">
        <div>
          <div class="record__type">Account</div>
          <h1 class="record__title" id="record-title">{String(view.fields.name ?? 'Untitled account')}</h1>
        </div>
        <Avatars people={view.people()} />
      </header>
      <Show when={refusal()}>
        {(r) => (
          <p class="notice" role="alert">
            The server did not accept a change: {r().message}. Your values are kept below as a draft
            {Object.keys(r().draft.fields ?? {}).length > 0 ? ` (${Object.keys(r().draft.fields).join(', ')})` : ''}.
          </p>
        )}
      </Show>
      <Show when={readOnly()}><p class="notice notice--info">You can read this record but not change it.</p></Show>
      <div class="record__grid">
        <For each={FIELDS}>
          {(f) => (
            <Field label={f.label} for={`field-${f.key}`} error={errors()[f.key]} others={othersIn(view, f.key)}>
              <input id={`field-${f.key}`} name={f.key} type={f.type ?? 'text'} value={String(view.fields[f.key] ?? '')}
                disabled={readOnly()} onInput={edit(f.key, f.max, f.required)}
                onFocus={() => view.focus(f.key)} onBlur={() => view.focus(null)} />
            </Field>
          )}
        </For>
        <div class="field--wide">
          <Field label="Description" for="field-description" others={othersIn(view, 'description')}>
            <DescriptionArea view={view} disabled={readOnly()} />
          </Field>
        </div>
      </div>
    </article>
  )
}

function DescriptionArea(props: { view: RecordView; disabled: boolean }) {
  let element!: HTMLTextAreaElement
  let unbind = () => {}
  const bind = (el: HTMLTextAreaElement) => {
    element = el
    queueMicrotask(() => {
      unbind = bindTextArea(element, props.view.doc(), 'description')
    })
  }
  onCleanup(() => unbind())
  return (
    <textarea id="field-description" name="description" ref={bind} disabled={props.disabled}
      onFocus={() => props.view.focus('description')} onBlur={() => props.view.focus(null)} />
  )
}

function othersIn(view: RecordView, field: string) {
  return view.people().filter((p) => p.field === field)
}
