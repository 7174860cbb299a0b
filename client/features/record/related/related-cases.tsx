/**
 * The cases of a customer (an account or a contact), and opening a new one from here: a new case
 * page with the customer filled in, linked when it is saved (its first edit).
 */
import { For, Show } from 'solid-js'
import { uuidv7 } from '../../../../shared/ids'
import { href } from '../../../router'
import { createCatalogRows } from '../../../store/create-catalog-rows'
import { humanize } from '../display-value'
import { newRecordSearch } from '../new-record'
import { RelatedSection } from './related-section'
import { RecordLink } from './record-link'
import type { RelatedProps } from './related-props'

export function RelatedCases(props: RelatedProps) {
  const cases = createCatalogRows(props.client, 'case', (row) => row.fields.customerId === props.recordId)
  const open = () => props.navigate(`${href.record(props.workspaceId, 'cases', uuidv7())}${newRecordSearch({ customerType: props.type, customerId: props.recordId })}`)
  return (
    <RelatedSection title="Cases" count={cases().length} testId="related-cases"
      actions={<Show when={!props.readOnly()}><button type="button" class="button button--small" onClick={open}>New case</button></Show>}>
      <ul class="related__rows">
        <For each={cases()} fallback={<li class="hint">No cases.</li>}>
          {(row) => (
            <li class="related__row">
              <span class="hint">{String(row.fields.caseNumber ?? '')}</span>
              <RecordLink workspaceId={props.workspaceId} type="case" id={row.id} title={row.title} navigate={props.navigate} />
              <span class="related__spacer" />
              <span class="badge" classList={{ 'badge--quiet': row.fields.status !== 'active' }}>{humanize(String(row.fields.status ?? 'new'))}</span>
              <Show when={row.fields.priority}><span class="hint">{humanize(String(row.fields.priority))}</span></Show>
            </li>
          )}
        </For>
      </ul>
    </RelatedSection>
  )
}
