/**
 * One field of a record page, drawn from its schema definition: the input its kind calls for,
 * checked with the shared schema as the user types (an invalid value stays in the box with its
 * message and is never written), Enter to close the edit, Escape to go back to what the field held
 * when the user came in. It also tells the user when their value lost to a colleague's concurrent
 * edit (with "use mine") and when the server refused it (the refused value back in the box).
 */
import { For, Match, Show, Switch, createEffect, createSignal, on, untrack, type JSX } from 'solid-js'
import type { Scalar } from '../../../shared/doc/record-doc'
import { isServerOwned, type FieldDef } from '../../../shared/schema/field'
import type { RecordType } from '../../../shared/schema/record-type'
import { Field } from '../../ui/field'
import type { RecordView } from '../../store/create-record-view'
import type { SyncClient } from '../../sync/sync-client'
import { boxText, parseBox, storedProblem } from './form-values'
import { displayValue, humanize } from './display-value'
import { LongTextField } from './long-text-field'
import type { Member } from './record-api'
import { ReferencePicker } from './reference-picker'

export interface FieldContext {
  view: RecordView
  type: RecordType
  recordId: string
  client: SyncClient
  members: () => Member[]
  readOnly: () => boolean
  /** The refused draft's value of a field, with the refusal's message, while it is not fixed. */
  refused: (name: string) => { value: unknown; message: string; at: number } | null
  /** The user wrote a good value of a refused field: its draft is settled. */
  settle: (name: string) => void
  /** Bumps with every change of the local catalog (titles of referenced records). */
  catalogVersion: () => number
  /** The user keeps the colleague's value: the notice goes, and stays gone. */
  keepTheirs: (name: string) => void
  /** Opens a referenced record's page. */
  open: (type: string, id: string) => void
}

export function FieldInput(props: { ctx: FieldContext; name: string; def: FieldDef }) {
  const id = () => `field-${props.name}`
  const others = () => props.ctx.view.people().filter((p) => p.field === props.name)
  const lost = () => props.ctx.view.lost().find((n) => n.field === props.name)
  const [problem, setProblem] = createSignal<string | undefined>()
  return (
    <Field label={props.def.label} for={id()} error={problem()} others={others()} help={props.def.help} required={props.def.required}>
      <Switch fallback={<ScalarInput {...props} id={id()} setProblem={setProblem} />}>
        <Match when={isServerOwned(props.def)}>
          <output id={id()} class="field__readonly">{displayValue(props.def, props.ctx.view.fields[props.name], (id) => titleOf(props.ctx, id)) || '—'}</output>
        </Match>
        <Match when={props.def.kind === 'text'}>
          <LongTextField view={props.ctx.view} name={props.name} id={id()} label={props.def.label} disabled={props.ctx.readOnly()} />
          <Show when={props.ctx.refused(props.name)}>
            {(r) => <DraftText message={r().message} text={String(r().value)} />}
          </Show>
        </Match>
        <Match when={props.def.kind === 'set'}>
          <SetInput ctx={props.ctx} name={props.name} def={props.def} id={id()} />
        </Match>
      </Switch>
      <Show when={lost()}>
        {(n) => (
          <div class="field__lost" role="status" data-testid={`lost-${props.name}`}>
            <p>Your value <q>{displayValue(props.def, n().mine, (v) => titleOf(props.ctx, v)) || 'empty'}</q> was replaced at the same
              moment by {n().by}'s <q>{displayValue(props.def, n().theirs ?? null, (v) => titleOf(props.ctx, v)) || 'empty'}</q>.</p>
            <div class="field__lost-actions">
              <button type="button" class="button button--small" disabled={props.ctx.readOnly()}
                onClick={() => props.ctx.view.setField(props.name, n().mine)}>Use mine</button>
              <button type="button" class="button button--link" onClick={() => props.ctx.keepTheirs(props.name)}>Keep theirs</button>
            </div>
          </div>
        )}
      </Show>
    </Field>
  )
}

export function titleOf(ctx: FieldContext, id: string): string {
  ctx.catalogVersion() // a title follows the catalog as it loads and changes
  const member = ctx.members().find((m) => m.id === id)
  if (member) return member.name
  return ctx.client.catalog.get(id)?.title || 'a record not on this device yet'
}

function ScalarInput(props: { ctx: FieldContext; name: string; def: FieldDef; id: string; setProblem: (p: string | undefined) => void }) {
  // null: the box shows the document's value; a string: what the user typed, not written (yet).
  const [edit, setEdit] = createSignal<string | null>(null)
  let atFocus: Scalar | undefined
  let wroteSinceFocus = false
  const stored = () => props.ctx.view.fields[props.name]
  const shown = () => edit() ?? boxText(props.def, stored())

  // A refused value comes back into the box with the reason, to fix.
  // Keyed by the refusal, so a colleague's edit meanwhile does not put the draft back over a fix in progress.
  createEffect(on(() => props.ctx.refused(props.name)?.at ?? null, (at) => {
    const r = at === null ? null : untrack(() => props.ctx.refused(props.name))
    if (!r) return
    setEdit(r.value === null || r.value === undefined ? '' : boxText(props.def, r.value))
    props.setProblem(storedProblem(props.def, r.value) ?? r.message)
  }))
  // A colleague's change shows at once unless the box holds something the user is still fixing.
  createEffect(on(stored, () => {
    const text = edit()
    if (text === null) return
    const parsed = parseBox(props.def, text)
    if (parsed.ok && parsed.value !== stored()) setEdit(null)
  }, { defer: true }))
  // A value forced past the form (another client, an old schema) is named at the field, and so is a
  // required field still empty once the record is saved (it is made by its first edit, field by field).
  createEffect(() => {
    if (edit() !== null) return
    const value = stored()
    props.setProblem(value === undefined && !props.ctx.view.exists() ? undefined : storedProblem(props.def, value) ?? undefined)
  })

  const take = (text: string) => {
    setEdit(text)
    const parsed = parseBox(props.def, text)
    if (!parsed.ok) return props.setProblem(parsed.problem)
    props.setProblem(undefined)
    props.ctx.settle(props.name)
    if (parsed.value !== (stored() ?? null)) {
      props.ctx.view.setField(props.name, parsed.value)
      wroteSinceFocus = true
    }
  }
  const settle = () => {
    const text = edit()
    if (text !== null && parseBox(props.def, text).ok) setEdit(null)
    props.ctx.view.stopCapturing()
  }
  const revert = () => {
    setEdit(null)
    props.setProblem(undefined)
    if (wroteSinceFocus) props.ctx.view.setField(props.name, atFocus ?? null)
    wroteSinceFocus = false
  }
  const common = {
    id: props.id,
    name: props.name,
    get disabled() { return props.ctx.readOnly() },
    onFocus: () => { atFocus = stored(); wroteSinceFocus = false; props.ctx.view.focus(props.name) },
    onBlur: () => { settle(); props.ctx.view.focus(null) },
    onKeyDown: (e: KeyboardEvent) => {
      if (e.key === 'Escape') { e.preventDefault(); revert() }
      else if (e.key === 'Enter' && e.currentTarget instanceof HTMLInputElement) { e.preventDefault(); settle() }
    },
    'aria-invalid': false as boolean,
  } satisfies JSX.InputHTMLAttributes<HTMLInputElement>

  const def = props.def
  if (def.kind === 'reference' && def.refTypes?.includes('user')) {
    return (
      <select {...common} value={String(stored() ?? '')} onChange={(e) => take(e.currentTarget.value)}>
        <option value="">—</option>
        <Show when={typeof stored() === 'string' && !props.ctx.members().some((m) => m.id === stored())}>
          <option value={String(stored())} selected>Someone not in the member list</option>
        </Show>
        <For each={props.ctx.members()}>{(m) => <option value={m.id} selected={m.id === stored()}>{m.name}</option>}</For>
      </select>
    )
  }
  if (def.kind === 'reference') {
    const typeField = def.typeField
    return (
      <>
      <ReferencePicker client={props.ctx.client} id={props.id} refTypes={def.refTypes ?? []}
        value={typeof stored() === 'string' ? String(stored()) : null}
        title={typeof stored() === 'string' ? titleOf(props.ctx, String(stored())) : ''}
        disabled={props.ctx.readOnly()} exclude={(row) => row.id === props.ctx.recordId}
        onFocus={() => props.ctx.view.focus(props.name)} onBlur={() => props.ctx.view.focus(null)}
        onPick={(row) => {
          if (!row && def.required) return props.setProblem(`${def.label} is required`)
          props.setProblem(undefined)
          props.ctx.view.setFields(typeField ? { [props.name]: row?.id ?? null, [typeField]: row?.type ?? null } : { [props.name]: row?.id ?? null })
          props.ctx.view.stopCapturing()
        }} />
      <Show when={typeof stored() === 'string' && refTypeOf(props.ctx, def, props.name)}>
        {(refType) => <button type="button" class="button button--link field__open" onClick={() => props.ctx.open(refType(), String(stored()))}>Open</button>}
      </Show>
      </>
    )
  }
  if (def.kind === 'enum' || def.kind === 'record-type') {
    return (
      <select {...common} value={shown()} onChange={(e) => { take(e.currentTarget.value); settle() }}>
        <Show when={!def.required || stored() === undefined}><option value="">—</option></Show>
        <For each={def.values ?? []}>{(v) => <option value={v} selected={v === shown()}>{humanize(v)}</option>}</For>
      </select>
    )
  }
  if (def.kind === 'boolean') {
    return (
      <input {...common} type="checkbox" class="field__check" checked={stored() === true}
        onChange={(e) => { take(e.currentTarget.checked ? 'true' : 'false'); settle() }} />
    )
  }
  const inputType = { email: 'email', phone: 'tel', url: 'url', date: 'date', datetime: 'datetime-local' }[def.kind as string] ?? 'text'
  const numeric = def.kind === 'integer' || def.kind === 'number' || def.kind === 'money'
  return (
    <input {...common} type={inputType} inputmode={numeric ? 'decimal' : undefined} value={shown()}
      aria-invalid={edit() !== null && !parseBox(def, edit()!).ok}
      onInput={(e) => take(e.currentTarget.value)} />
  )
}

/** The type of the record a reference points at: its type field's value, or its only type. */
function refTypeOf(ctx: FieldContext, def: FieldDef, name: string): string | null {
  if (def.typeField) {
    const t = ctx.view.fields[def.typeField]
    return typeof t === 'string' ? t : null
  }
  const id = ctx.view.fields[name]
  return (typeof id === 'string' ? ctx.client.catalog.get(id)?.type : undefined) ?? (def.refTypes?.length === 1 ? def.refTypes[0]! : null)
}

function SetInput(props: { ctx: FieldContext; name: string; def: FieldDef; id: string }) {
  const members = () => props.ctx.view.sets[props.name] ?? []
  if (props.def.members === 'value') {
    return (
      <fieldset class="field__checks" id={props.id}>
        <For each={props.def.values ?? []}>
          {(v) => (
            <label class="field__check-label">
              <input type="checkbox" checked={members().includes(v)} disabled={props.ctx.readOnly()}
                onChange={(e) => e.currentTarget.checked ? props.ctx.view.addMember(props.name, v) : props.ctx.view.removeMember(props.name, v)} />
              {humanize(v)}
            </label>
          )}
        </For>
      </fieldset>
    )
  }
  return (
    <div class="chips">
      <For each={members()}>
        {(member) => (
          <span class="chip">{titleOf(props.ctx, member)}
            <Show when={!props.ctx.readOnly()}>
              <button type="button" class="chip__remove" aria-label={`Remove ${titleOf(props.ctx, member)}`} onClick={() => props.ctx.view.removeMember(props.name, member)}>×</button>
            </Show>
          </span>
        )}
      </For>
      <Show when={!props.ctx.readOnly() && (props.def.max === undefined || members().length < props.def.max)}>
        <ReferencePicker client={props.ctx.client} id={props.id} refTypes={(props.def.refTypes ?? []).filter((t) => t !== 'user')} value={null} title=""
          placeholder="Add…" exclude={(row) => members().includes(row.id)}
          onPick={(row) => { if (row) props.ctx.view.addMember(props.name, row.id) }} />
      </Show>
    </div>
  )
}

function DraftText(props: { message: string; text: string }) {
  return (
    <div class="field__draft" role="alert">
      <p>The server did not accept your text: {props.message}. Here it is, to copy back once fixed:</p>
      <textarea readonly rows={4} value={props.text} />
    </div>
  )
}
