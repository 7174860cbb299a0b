/**
 * A record page drawn from the record type's schema (issue 5): a header with the title, the owner,
 * the people on it, undo/redo and history; the fields in the schema's sections, each with the input
 * its kind calls for; long texts co-edited live with colleagues' carets; the related lists; and the
 * history panel. A `?new=1` record is created by its first edit: nothing is written before.
 */
import { For, Show, createEffect, createMemo, createResource, createSignal, on, onCleanup } from 'solid-js'
import { writeFields, type Scalar } from '../../../shared/doc/record-doc'
import { parseDocName } from '../../../shared/doc-name'
import { isUuid } from '../../../shared/ids'
import { recordType } from '../../../shared/records'
import { initialValues, titleOf as recordTitleOf, type RecordType } from '../../../shared/schema/record-type'
import type { Identity } from '../../identity'
import { href } from '../../router'
import { createObservableSignal } from '../../store/create-observable-signal'
import { createRecordView, type RecordView } from '../../store/create-record-view'
import type { DocSession } from '../../sync/doc-session'
import type { SyncClient } from '../../sync/sync-client'
import { Avatars } from '../../ui/avatars'
import { PlanButton } from '../plan/plan-button'
import { FieldInput, titleOf, type FieldContext } from './field-input'
import { HistoryPanel } from './history-panel'
import { lostNoticesFromHistory } from './lost-from-history'
import { newRecordQuery } from './new-record'
import { sectionsOf } from './record-sections'
import { recordApi, type Member } from './record-api'
import { CaseCommands } from './related/case-commands'
import { RelatedLists } from './related/related-lists'
import './record-page.css'
import { createDocSession } from '../../store/create-doc-session'

export interface RecordPageProps {
  client: SyncClient
  docName: string
  me: Identity
  workspaceId?: string
  type?: string
  navigate?: (hash: string) => void
}

export function RecordPage(props: RecordPageProps) {
  const session = createDocSession(() => props.client, () => props.docName)
  const parsed = createMemo(() => parseDocName(props.docName))
  const type = createMemo(() => recordType(props.type ?? parsed()?.type ?? ''))
  return (
    <Show when={parsed() && type()} fallback={<p class="notice" role="alert">"{props.docName}" is not a record this app knows.</p>}>
      <Show when={session.state === 'ready' && session()} fallback={<p class="hint">{session.error ? `Could not open the record: ${String((session.error as Error).message ?? session.error)}` : 'Opening the record…'}</p>}>
        {(s) => (
          <RecordForm session={s()} client={props.client} me={props.me} type={type()!} recordId={parsed()!.recordId}
            workspaceId={props.workspaceId ?? parsed()!.workspaceId}
            navigate={props.navigate ?? ((hash) => { location.hash = hash })} />
        )}
      </Show>
    </Show>
  )
}

/**
 * With `localStorage['tandem.debug'] = '1'`, the open record's document is reachable from the
 * console (`tandemRecord.write({ name: … })`), bypassing the form: how browser tests force a value
 * the form would stop, to see the server refuse it, or hold one record's socket to edit concurrently.
 * Off by default.
 */
function exposeForDebugging(view: RecordView, session: DocSession): void {
  let enabled = false
  try { enabled = localStorage.getItem('tandem.debug') === '1' } catch { /* storage blocked */ }
  if (!enabled) return
  const target = window as unknown as { tandemRecord?: unknown }
  target.tandemRecord = {
    write: (patch: Record<string, Scalar>) => writeFields(view.doc(), patch),
    fields: () => ({ ...view.fields }),
    // This record's socket only (edits keep being saved locally): to make concurrent edits on purpose.
    disconnect: () => session.disconnect(),
    connect: () => session.connect(),
  }
  onCleanup(() => { delete target.tandemRecord })
}

const DISMISSED_KEY = 'tandem.lost-dismissed'

function dismissedLosses(): Set<string> {
  try {
    const ids = JSON.parse(localStorage.getItem(DISMISSED_KEY) ?? '[]') as unknown
    return new Set(Array.isArray(ids) ? ids.filter((id): id is string => typeof id === 'string') : [])
  } catch {
    return new Set()
  }
}

function rememberDismissedLoss(entryId: string): void {
  try {
    localStorage.setItem(DISMISSED_KEY, JSON.stringify([...dismissedLosses(), entryId].slice(-200)))
  } catch { /* storage full or blocked: the notice may come back, nothing is lost */ }
}

function RecordForm(props: { session: DocSession; client: SyncClient; me: Identity; type: RecordType; recordId: string; workspaceId: string; navigate: (hash: string) => void }) {
  const type = props.type
  const query = newRecordQuery(location.hash, type)
  const roots = Object.entries(type.fields)
  const view = createRecordView(props.session, props.me, {
    setRoots: roots.filter(([, d]) => d.kind === 'set').map(([k]) => k),
    textRoots: roots.filter(([, d]) => d.kind === 'text').map(([k]) => k),
    creation: () => query.isNew ? { ...initialValues(type), ...(isUuid(props.me.id) ? { ownerId: props.me.id } : {}), ...query.prefill } : null,
  })
  const refusal = createObservableSignal(props.session.refusal)
  const readOnly = createObservableSignal(props.session.readOnly)
  const connection = createObservableSignal(props.client.connection)
  const online = () => connection() !== 'offline'
  // A record with no local copy (never fetched on this device) cannot be shown offline: say so
  // instead of an empty form; it opens once the socket brings it. (A second first: the client is
  // 'offline' until its channel opens.)
  const status = createObservableSignal(props.session.status)
  const [patient, setPatient] = createSignal(false)
  const patience = setTimeout(() => setPatient(true), 1500)
  onCleanup(() => clearTimeout(patience))
  const notHere = () => !query.isNew && !view.exists() && status() !== 'synced'
  const catalogVersion = createObservableSignal(props.client.catalog.version)
  const [members] = createResource(() => props.workspaceId, (ws) => recordApi.members(ws).then((r) => r.members, () => [] as Member[]), { initialValue: [] })
  const [settled, setSettled] = createSignal(new Set<string>())
  const [historyOpen, setHistoryOpen] = createSignal(0)

  const refused = (name: string) => {
    const r = refusal()
    if (!r || settled().has(`${r.at}:${name}`)) return null
    if (name in r.draft.fields && r.draft.fields[name] !== view.fields[name]) return { value: r.draft.fields[name], message: r.message, at: r.at }
    if (name in r.draft.texts && r.draft.texts[name] !== (view.texts[name] ?? '')) return { value: r.draft.texts[name], message: r.message, at: r.at }
    return null
  }
  // Losses the server recorded while this page was not open to see them (offline edits, other tabs).
  createEffect(on(online, (isOnline) => {
    // Only records the server has (a row of its own): a record made here has no history yet.
    if (!isOnline || (props.client.catalog.get(props.recordId)?.version ?? 0) === 0) return
    void recordApi.history(props.workspaceId, type.path, props.recordId).then((page) => {
      view.addLost(lostNoticesFromHistory(page.items, props.me.id, { ...view.fields }, dismissedLosses()))
    }, () => { /* a record not on the server yet has no history; offline says so in the panel */ })
  }))
  // The banner stays while a refused value waits at its field (or the refusal had nothing to keep).
  const [refusalDismissed, setRefusalDismissed] = createSignal(0)
  const refusalShown = () => {
    const r = refusal()
    if (!r || r.at === refusalDismissed()) return null
    const names = [...Object.keys(r.draft.fields), ...Object.keys(r.draft.texts)]
    return names.length === 0 || names.some((name) => refused(name)) ? r : null
  }
  const ctx: FieldContext = {
    view, type, recordId: props.recordId, client: props.client, members: () => withMe(members() ?? [], props.me), readOnly, refused, catalogVersion,
    settle: (name) => { const r = refusal(); if (r) setSettled((s) => new Set(s).add(`${r.at}:${name}`)) },
    keepTheirs: (name) => {
      const entryId = view.lost().find((n) => n.field === name)?.entryId
      if (entryId) rememberDismissedLoss(entryId)
      view.dismissLost(name)
    },
    open: (refType, id) => props.navigate(href.record(props.workspaceId, recordType(refType)?.path ?? refType, id)),
  }
  exposeForDebugging(view, props.session)
  const title = () => recordTitleOf(type, view.fields) || (view.exists() ? `Untitled ${type.label.toLowerCase()}` : `New ${type.label.toLowerCase()}`)
  const owner = () => {
    const id = view.fields.ownerId
    return typeof id === 'string' ? (id === props.me.id ? `${props.me.name} (you)` : titleOf(ctx, id)) : null
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return
    // The small forms of related lists keep the browser's own undo: they are not the record yet.
    if (e.target instanceof Element && e.target.closest('.inline-form')) return
    const key = e.key.toLowerCase()
    if (key === 'z' || key === 'y') {
      // Our undo, not the textarea's: it knows which edits are this person's.
      e.preventDefault()
      if (key === 'y' || e.shiftKey) view.redo()
      else view.undo()
    }
  }

  return (
    <Show when={!notHere()} fallback={
      <p class={patient() && !online() ? 'notice notice--info' : 'hint'} role="status" data-testid="record-not-offline">
        {patient() && !online()
          ? `This ${type.label.toLowerCase()} is not available offline yet: it has no copy on this device. It opens as soon as the connection is back.`
          : `Loading the ${type.label.toLowerCase()} from the server…`}
      </p>}>
    <div class="record-layout" classList={{ 'record-layout--history': historyOpen() > 0 }}>
      <article class="card record" aria-labelledby="record-title" onKeyDown={onKeyDown} data-testid="record-page">
        <header class="record__header">
          <div>
            <div class="record__type">{type.label}</div>
            <h1 class="record__title" id="record-title">{title()}</h1>
            <div class="record__meta">
              <Show when={owner()}>{(o) => <span>Owner: {o()}</span>}</Show>
              <Show when={!view.exists()}><span class="hint">Not saved yet: it is created with your first edit.</span></Show>
            </div>
          </div>
          <div class="record__tools">
            <Avatars people={view.people()} />
            <Show when={type.type === 'account' && view.exists()}>
              <PlanButton client={props.client} workspaceId={props.workspaceId} account={{ id: props.recordId, title: title() }} me={props.me} navigate={props.navigate} disabled={false} />
            </Show>
            <button type="button" class="button button--small" title="Undo your last edit (Ctrl+Z)" disabled={readOnly()} onClick={() => view.undo()}>Undo</button>
            <button type="button" class="button button--small" title="Redo (Ctrl+Shift+Z)" disabled={readOnly()} onClick={() => view.redo()}>Redo</button>
            <button type="button" class="button button--small" aria-pressed={historyOpen() > 0} disabled={!view.exists()}
              onClick={() => setHistoryOpen((n) => (n > 0 ? 0 : n + 1))}>History</button>
          </div>
        </header>
        <Show when={refusalShown()}>
          {(r) => (
            <p class="notice" role="alert" data-testid="refusal">
              The server did not accept a change: {r().message}. What you typed is kept at the field below to fix.
              <button type="button" class="button button--link" onClick={() => setRefusalDismissed(r().at)}>Dismiss</button>
            </p>
          )}
        </Show>
        <Show when={readOnly()}><p class="notice notice--info">You can read this record but not change it.</p></Show>
        <Show when={type.type === 'case'}>
          <CaseCommands client={props.client} workspaceId={props.workspaceId} type={type.type} recordId={props.recordId} view={view}
            me={props.me} navigate={props.navigate} online={online} readOnly={readOnly} />
        </Show>
        <For each={sectionsOf(type)}>
          {(section) => (
            <section class="record__section" classList={{ 'record__section--system': section.title === 'System' }}>
              <h2 class="record__section-title">{section.title}</h2>
              <div class="record__grid">
                <For each={section.fields}>
                  {([name, def]) => (
                    <div classList={{ 'field--wide': def.kind === 'text' || def.kind === 'set' }}>
                      <FieldInput ctx={ctx} name={name} def={def} />
                    </div>
                  )}
                </For>
              </div>
            </section>
          )}
        </For>
        <Show when={view.exists()}>
          <RelatedLists client={props.client} workspaceId={props.workspaceId} type={type.type} recordId={props.recordId} view={view}
            me={props.me} navigate={props.navigate} online={online} readOnly={readOnly} />
        </Show>
      </article>
      <Show when={historyOpen() > 0}>
        <HistoryPanel workspaceId={props.workspaceId} type={type} recordId={props.recordId} titleOf={(id) => titleOf(ctx, id)}
          readOnly={readOnly()} version={historyOpen()} onClose={() => setHistoryOpen(0)} />
      </Show>
    </div>
    </Show>
  )
}

/** The workspace's members, with me in front until the list is in (offline, it never comes). */
function withMe(members: Member[], me: Identity): Member[] {
  return members.some((m) => m.id === me.id) ? members : [{ id: me.id, name: me.name, email: '', role: '' }, ...members]
}
