/**
 * An account's contacts (from the local catalog), which one is primary, making another one
 * primary (the primary-contact command; offline, the field is set here and the server checks it
 * on arrival), and adding a contact in place with the account filled in.
 */
import { For, Show, createSignal } from 'solid-js'
import { createCatalogRows } from '../../../store/create-catalog-rows'
import { createRecord } from '../create-record'
import { ApiError, recordApi } from '../record-api'
import { FormErrors, RelatedSection } from './related-section'
import { RecordLink } from './record-link'
import type { RelatedProps } from './related-props'

export function AccountContacts(props: RelatedProps) {
  const contacts = createCatalogRows(props.client, 'contact', (row) => row.fields.accountId === props.recordId)
  const primary = () => props.view.fields.primaryContactId
  const [message, setMessage] = createSignal('')
  const [adding, setAdding] = createSignal(false)

  const makePrimary = async (contactId: string) => {
    setMessage('')
    try {
      await recordApi.setPrimaryContact(props.workspaceId, props.recordId, contactId)
    } catch (error) {
      if (error instanceof ApiError && error.status === 0) {
        props.view.setField('primaryContactId', contactId)
        setMessage('Offline: set on this device. The server checks it is still this account\'s contact when you are back.')
      } else {
        setMessage(`Could not make it the primary contact: ${(error as Error).message}`)
      }
    }
  }

  return (
    <RelatedSection title="Contacts" count={contacts().length} testId="related-contacts"
      actions={<Show when={!props.readOnly()}><button type="button" class="button button--small" onClick={() => setAdding(true)}>Add contact</button></Show>}>
      <Show when={message()}><p class="notice notice--info" role="status">{message()}</p></Show>
      <Show when={adding()}>
        <AddContact {...props} done={() => setAdding(false)} />
      </Show>
      <ul class="related__rows">
        <For each={contacts()} fallback={<li class="hint">No contacts yet.</li>}>
          {(row) => (
            <li class="related__row">
              <RecordLink workspaceId={props.workspaceId} type="contact" id={row.id} title={row.title} navigate={props.navigate} />
              <span class="hint">{[row.fields.jobTitle, row.fields.email].filter(Boolean).join(' · ')}</span>
              <Show when={row.pending}><span class="badge badge--quiet" title="Not on the server yet">waiting</span></Show>
              <span class="related__spacer" />
              <Show when={primary() === row.id} fallback={
                <Show when={!props.readOnly()}><button type="button" class="button button--link" onClick={() => void makePrimary(row.id)}>Make primary</button></Show>
              }><span class="badge">Primary contact</span></Show>
            </li>
          )}
        </For>
      </ul>
    </RelatedSection>
  )
}

function AddContact(props: RelatedProps & { done: () => void }) {
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  let form!: HTMLFormElement
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const data = new FormData(form)
    const text = (k: string) => String(data.get(k) ?? '').trim()
    const result = await createRecord(props.client, props.workspaceId, 'contact', {
      firstName: text('firstName'), lastName: text('lastName'), jobTitle: text('jobTitle'), email: text('email'),
      accountId: props.recordId, ownerId: props.me.id,
    })
    if (!result.ok) return setErrors(result.errors)
    props.done()
  }
  return (
    <form class="inline-form" ref={form} onSubmit={(e) => void submit(e)} onKeyDown={(e) => { if (e.key === 'Escape') props.done() }}>
      <input name="firstName" placeholder="First name" aria-label="First name" autofocus />
      <input name="lastName" placeholder="Last name" aria-label="Last name" required />
      <input name="jobTitle" placeholder="Job title" aria-label="Job title" />
      <input name="email" type="email" placeholder="Email" aria-label="Email" />
      <button class="button button--small" type="submit">Add</button>
      <button class="button button--link" type="button" onClick={() => props.done()}>Cancel</button>
      <FormErrors errors={errors()} />
    </form>
  )
}
