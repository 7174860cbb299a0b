/**
 * A record's relationships, both ways (it may be the "from" or the "to" side of each), with the
 * role each side plays; and adding one in place: the other record, this record's role (the roles
 * that apply to its type), and the other side's role, which starts at the chosen role's reciprocal.
 */
import { For, Show, createMemo, createSignal } from 'solid-js'
import type { Scalar } from '../../../../shared/doc/record-doc'
import { createCatalogRows } from '../../../store/create-catalog-rows'
import type { CatalogListRow } from '../../../sync/catalog'
import { createRecord } from '../create-record'
import { ReferencePicker } from '../reference-picker'
import { FormErrors, RelatedSection } from './related-section'
import { RecordLink } from './record-link'
import type { RelatedProps } from './related-props'

const appliesTo = (role: CatalogListRow, type: string) => {
  const types = role.fields.appliesTo
  return !Array.isArray(types) || types.length === 0 || types.includes(type)
}

export function Relationships(props: RelatedProps) {
  const rows = createCatalogRows(props.client, 'relationship', (row) => row.fields.fromId === props.recordId || row.fields.toId === props.recordId)
  const roles = createCatalogRows(props.client, 'relationship-role', () => true)
  const roleName = (id: unknown) => (typeof id === 'string' ? roles().find((r) => r.id === id)?.title : undefined) ?? ''
  const [adding, setAdding] = createSignal(false)

  return (
    <RelatedSection title="Relationships" count={rows().length} testId="related-relationships"
      actions={<Show when={!props.readOnly()}><button type="button" class="button button--small" onClick={() => setAdding(true)}>Add relationship</button></Show>}>
      <Show when={adding()}><AddRelationship {...props} roles={roles()} done={() => setAdding(false)} /></Show>
      <ul class="related__rows">
        <For each={rows()} fallback={<li class="hint">No relationships yet.</li>}>
          {(row) => {
            const mineFrom = () => row.fields.fromId === props.recordId
            const otherId = () => String(mineFrom() ? row.fields.toId : row.fields.fromId)
            const otherType = () => String(mineFrom() ? row.fields.toType : row.fields.fromType)
            const otherTitle = () => props.client.catalog.get(otherId())?.title ?? row.refTitles[otherId()] ?? ''
            const myRole = () => roleName(mineFrom() ? row.fields.fromRoleId : row.fields.toRoleId)
            const theirRole = () => roleName(mineFrom() ? row.fields.toRoleId : row.fields.fromRoleId)
            return (
              <li class="related__row">
                <RecordLink workspaceId={props.workspaceId} type={otherType()} id={otherId()} title={otherTitle()} navigate={props.navigate} />
                <span class="hint">
                  {theirRole() ? `is ${theirRole()}` : 'no role'}{myRole() ? ` · this record is ${myRole()}` : ''}
                  {row.fields.description ? ` · ${String(row.fields.description)}` : ''}
                </span>
                <Show when={row.pending}><span class="badge badge--quiet">waiting</span></Show>
              </li>
            )
          }}
        </For>
      </ul>
    </RelatedSection>
  )
}

function AddRelationship(props: RelatedProps & { roles: CatalogListRow[]; done: () => void }) {
  const [other, setOther] = createSignal<CatalogListRow | null>(null)
  const [myRole, setMyRole] = createSignal('')
  const [theirRole, setTheirRole] = createSignal('')
  const [description, setDescription] = createSignal('')
  const [errors, setErrors] = createSignal<Record<string, string>>({})
  const myRoles = createMemo(() => props.roles.filter((r) => appliesTo(r, props.type)))
  const theirRoles = createMemo(() => props.roles.filter((r) => !other() || appliesTo(r, other()!.type)))
  const pickMyRole = (id: string) => {
    setMyRole(id)
    const reciprocal = props.roles.find((r) => r.id === id)?.fields.reciprocalRoleId
    if (typeof reciprocal === 'string') setTheirRole(reciprocal)
  }
  const submit = async (e: SubmitEvent) => {
    e.preventDefault()
    const o = other()
    if (!o) return setErrors({ toId: 'Pick the record this one is related to' })
    const values: Record<string, Scalar> = {
      fromType: props.type, fromId: props.recordId, fromRoleId: myRole() || null,
      toType: o.type, toId: o.id, toRoleId: theirRole() || null, description: description().trim() || null, ownerId: props.me.id,
    }
    const result = await createRecord(props.client, props.workspaceId, 'relationship', values)
    if (!result.ok) return setErrors(result.errors)
    props.done()
  }
  return (
    <form class="inline-form inline-form--wide" onSubmit={(e) => void submit(e)} onKeyDown={(e) => { if (e.key === 'Escape') props.done() }}>
      <label>Related to
        <ReferencePicker client={props.client} id="relationship-other" refTypes={['account', 'contact']} value={other()?.id ?? null}
          title={other()?.title ?? ''} exclude={(row) => row.id === props.recordId} onPick={setOther} />
      </label>
      <label>This record's role
        <select aria-label="This record's role" value={myRole()} onChange={(e) => pickMyRole(e.currentTarget.value)}>
          <option value="">—</option>
          <For each={myRoles()}>{(r) => <option value={r.id} selected={r.id === myRole()}>{r.title}</option>}</For>
        </select>
      </label>
      <label>Their role
        <select aria-label="Their role" value={theirRole()} onChange={(e) => setTheirRole(e.currentTarget.value)}>
          <option value="">—</option>
          <For each={theirRoles()}>{(r) => <option value={r.id} selected={r.id === theirRole()}>{r.title}</option>}</For>
        </select>
      </label>
      <input placeholder="Description" aria-label="Description" value={description()} onInput={(e) => setDescription(e.currentTarget.value)} />
      <button class="button button--small" type="submit">Add</button>
      <button class="button button--link" type="button" onClick={() => props.done()}>Cancel</button>
      <FormErrors errors={errors()} />
    </form>
  )
}
