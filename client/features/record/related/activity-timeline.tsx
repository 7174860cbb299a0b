/**
 * A record's activities as a timeline by date (due, start, or last change), newest first, and
 * adding a task, a phone call or an appointment in place, regarding this record.
 */
import { For, Show, createMemo, createSignal } from 'solid-js'
import type { Scalar } from '../../../../shared/doc/record-doc'
import { createCatalogRows } from '../../../store/create-catalog-rows'
import type { CatalogListRow } from '../../../sync/catalog'
import { createRecord } from '../create-record'
import { humanize } from '../display-value'
import { localDateTime } from '../form-values'
import { FormErrors, RelatedSection } from './related-section'
import { RecordLink } from './record-link'
import type { RelatedProps } from './related-props'

const KINDS = [['task', 'Task'], ['phone-call', 'Phone call'], ['appointment', 'Appointment']] as const
const HOUR_MS = 3600_000

export function whenOf(row: CatalogListRow): string {
  const pick = row.fields.dueAt ?? row.fields.startAt
  return typeof pick === 'string' ? pick : row.updatedAt
}

export function ActivityTimeline(props: RelatedProps) {
  const rows = createCatalogRows(props.client, 'activity', (row) => row.fields.regardingId === props.recordId)
  const sorted = createMemo(() => [...rows()].sort((a, b) => whenOf(b).localeCompare(whenOf(a))))
  const [adding, setAdding] = createSignal<string | null>(null)
  return (
    <RelatedSection title="Activities" count={rows().length} testId="related-activities"
      actions={<Show when={!props.readOnly()}>
        <span class="related__actions">
          <For each={KINDS}>{([kind, label]) => <button type="button" class="button button--small" onClick={() => setAdding(kind)}>Add {label.toLowerCase()}</button>}</For>
        </span>
      </Show>}>
      <Show when={adding()}>{(kind) => <AddActivity {...props} kind={kind()} done={() => setAdding(null)} />}</Show>
      <ol class="timeline">
        <For each={sorted()} fallback={<li class="hint">Nothing scheduled or logged yet.</li>}>
          {(row) => (
            <li class="timeline__item" classList={{ 'timeline__item--done': row.fields.status === 'completed' || row.fields.status === 'cancelled' }}>
              <time class="timeline__when" dateTime={whenOf(row)}>{new Date(whenOf(row)).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' })}</time>
              <span class="timeline__kind">{humanize(String(row.fields.kind ?? 'activity'))}</span>
              <RecordLink workspaceId={props.workspaceId} type="activity" id={row.id} title={row.title} navigate={props.navigate} />
              <Show when={row.fields.status}><span class="hint">{humanize(String(row.fields.status))}</span></Show>
              <Show when={row.pending}><span class="badge badge--quiet">waiting</span></Show>
            </li>
          )}
        </For>
      </ol>
    </RelatedSection>
  )
}

function AddActivity(props: RelatedProps & { kind: string; done: () => void }) {
  const [subject, setSubject] = createSignal('')
  const [when, setWhen] = createSignal(localDateTime(new Date(Math.ceil(Date.now() / HOUR_MS) * HOUR_MS + HOUR_MS).toISOString()))
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const time = Date.parse(when())
    if (Number.isNaN(time)) return setErrors({ when: 'Pick a date and time' })
    const at = new Date(time).toISOString()
    const dates: Record<string, Scalar> = props.kind === 'task' ? { dueAt: at }
      : props.kind === 'appointment' ? { startAt: at, endAt: new Date(time + HOUR_MS).toISOString() } : { startAt: at }
    const result = await createRecord(props.client, props.workspaceId, 'activity', {
      kind: props.kind, subject: subject().trim(), regardingType: props.type, regardingId: props.recordId,
      status: 'open', priority: 'normal', ownerId: props.me.id, ...dates,
    })
    if (!result.ok) return setErrors(result.errors)
    props.done()
  }
  return (
    <form class="inline-form" onSubmit={(e) => void submit(e)} onKeyDown={(e) => { if (e.key === 'Escape') props.done() }}>
      <strong>{humanize(props.kind)}</strong>
      <input placeholder="Subject" aria-label="Subject" value={subject()} onInput={(e) => setSubject(e.currentTarget.value)} autofocus />
      <input type="datetime-local" aria-label={props.kind === 'task' ? 'Due' : 'Starts'} value={when()} onInput={(e) => setWhen(e.currentTarget.value)} />
      <button class="button button--small" type="submit">Add</button>
      <button class="button button--link" type="button" onClick={() => props.done()}>Cancel</button>
      <FormErrors errors={errors()} />
    </form>
  )
}
