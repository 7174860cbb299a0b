/**
 * The live account-planning page (issue 5): the account's plan as one shared page — goals, a
 * stakeholder map from the account's contacts (their relationship roles, influence and stance),
 * risks, action items with owners and due dates that become tasks on the account, and notes
 * co-edited character by character. Everyone on it shows as an avatar, and the item each one is in
 * is marked with their name. It is one record document, so it works offline like any record.
 */
import { For, Show, createMemo, createResource, createSignal, onCleanup } from 'solid-js'
import { writeKeyedItem } from '../../../shared/doc/record-doc'
import { parseDocName } from '../../../shared/doc-name'
import { isUuid } from '../../../shared/ids'
import { INFLUENCE_LEVELS, RISK_LEVELS, STANCES } from '../../../shared/records/account-plan'
import type { Identity } from '../../identity'
import { href } from '../../router'
import { createCatalogRows } from '../../store/create-catalog-rows'
import { createObservableSignal } from '../../store/create-observable-signal'
import { createRecordView } from '../../store/create-record-view'
import type { DocSession } from '../../sync/doc-session'
import type { SyncClient } from '../../sync/sync-client'
import { Avatars } from '../../ui/avatars'
import { LongTextField } from '../record/long-text-field'
import { recordApi, type Member } from '../record/record-api'
import { createPlanItems, ITEM_ROOTS, type ItemRoot } from './create-plan-items'
import { Choice, ItemSection, ItemText, PresenceTag } from './item-section'
import { makeActivity } from './plan-api'
import { plansOfAccount } from './plan-choice'
import './plan.css'
import { createDocSession } from '../../store/create-doc-session'

export interface PlanPageProps {
  client: SyncClient
  docName: string
  me: Identity
  workspaceId: string
  navigate: (hash: string) => void
}

export function PlanPage(props: PlanPageProps) {
  const session = createDocSession(() => props.client, () => props.docName)
  const recordId = () => parseDocName(props.docName)?.recordId ?? ''
  return (
    <Show when={session.state === 'ready' && session()} fallback={<p class="hint">{session.error ? `Could not open the plan: ${String((session.error as Error).message ?? session.error)}` : 'Opening the plan…'}</p>}>
      {(s) => <PlanBoard {...props} session={s()} recordId={recordId()} />}
    </Show>
  )
}

interface BoardProps extends PlanPageProps {
  session: DocSession
  recordId: string
}

function PlanBoard(props: BoardProps) {
  // The item roots are Y.Map roots like sets: given as such, they are in undo's scope (own edits only).
  const view = createRecordView(props.session, props.me, { textRoots: ['notes'], setRoots: ITEM_ROOTS })
  const plan = createPlanItems(view)
  exposeForDebugging(props.session)
  const readOnly = createObservableSignal(props.session.readOnly)
  // Nothing is written to a plan this device has not received yet: it would make a plan with no account.
  const locked = () => readOnly() || !view.exists()
  const [members] = createResource(() => props.workspaceId, (ws) => recordApi.members(ws).then((r) => r.members, () => [] as Member[]), { initialValue: [] })
  const accountId = () => (typeof view.fields.accountId === 'string' ? view.fields.accountId : '')
  const accountTitle = () => props.client.catalog.get(accountId())?.title ?? 'the account'
  const relationships = createCatalogRows(props.client, 'relationship', () => true)
  /** Contacts related to the account by a relationship (an account manager at a partner, say). */
  const relatedIds = createMemo(() => new Set(relationships().flatMap((row) =>
    row.fields.toId === accountId() && row.fields.fromType === 'contact' ? [String(row.fields.fromId)]
      : row.fields.fromId === accountId() && row.fields.toType === 'contact' ? [String(row.fields.toId)] : [])))
  // The stakeholders to pick from: the account's contacts, then the contacts related to it.
  const contacts = createCatalogRows(props.client, 'contact', (row) => row.fields.accountId === accountId() || relatedIds().has(row.id))
  const roles = createCatalogRows(props.client, 'relationship-role', () => true)
  const plans = createCatalogRows(props.client, 'account-plan', (row) => row.fields.accountId === accountId())
  const olderPlan = createMemo(() => {
    const ids = plansOfAccount(plans().map((row) => ({ id: row.id, accountId: row.fields.accountId, deleted: row.deleted })), accountId())
    return ids[0] !== undefined && ids[0] < props.recordId ? ids[0] : null
  })
  const others = (where: string) => view.people().filter((p) => p.field === where)
  const roleName = (id: unknown) => (typeof id === 'string' ? roles().find((r) => r.id === id)?.title : undefined)
  /** A contact's relationships as "Decision maker · manager of Jane Doe". */
  const rolesOf = (contactId: string): string[] => relationships().flatMap((row) => {
    const from = row.fields.fromId === contactId
    if (!from && row.fields.toId !== contactId) return []
    const mine = roleName(from ? row.fields.fromRoleId : row.fields.toRoleId)
    const otherId = String(from ? row.fields.toId : row.fields.fromId)
    const other = props.client.catalog.get(otherId)?.title ?? row.refTitles[otherId] ?? ''
    return mine ? [`${mine}${other ? ` (with ${other})` : ''}`] : []
  })
  const memberName = (id: unknown) => members().find((m) => m.id === id)?.name
  const contactName = (id: unknown) => (typeof id === 'string' ? props.client.catalog.get(id)?.title : undefined) ?? 'a contact'

  const [activityError, setActivityError] = createSignal<string | null>(null)
  const [making, setMaking] = createSignal<ReadonlySet<string>>(new Set())
  const toActivity = async (id: string) => {
    const item = plan.items.actions[id]
    if (!item || typeof item.text !== 'string' || making().has(id)) return
    setActivityError(null)
    setMaking((all) => new Set(all).add(id))
    try {
      // The link is not an undoable edit: undo would unlink an activity that stays, inviting a second one.
      const made = await makeActivity(props.client, props.workspaceId, accountId(), {
        text: item.text, ownerId: typeof item.ownerId === 'string' ? item.ownerId : null, dueDate: typeof item.dueDate === 'string' ? item.dueDate : null,
      }, (activityId) => writeKeyedItem(view.doc(), 'actions', id, { activityId }))
      if (!made.ok) setActivityError(`The activity was not made: ${made.message}`)
    } catch (error) {
      setActivityError(`The activity was not made: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setMaking((all) => { const next = new Set(all); next.delete(id); return next })
    }
  }
  /** Where a colleague is, in words: "Risks: A competitor undercuts…" rather than an item id. */
  const placeOf = (field: string | undefined): string | undefined => {
    if (!field) return field
    const [root, id] = field.split('.') as [string, string | undefined]
    const label = SECTION_LABELS[root] ?? root
    if (!id) return label
    const item = plan.items[root as ItemRoot]?.[id]
    const text = item ? (typeof item.text === 'string' ? item.text : contactName(item.contactId)) : ''
    return text ? `${label}: ${text.length > 40 ? `${text.slice(0, 40)}…` : text}` : label
  }
  const onKeyDown = (e: KeyboardEvent) => {
    if (!(e.ctrlKey || e.metaKey) || e.altKey) return
    const key = e.key.toLowerCase()
    if (key !== 'z' && key !== 'y') return
    // Our undo, not the input's: it takes back only this person's edits, items included.
    e.preventDefault()
    if (key === 'y' || e.shiftKey) view.redo()
    else view.undo()
  }
  const people = () => view.people().map((p) => ({ ...p, field: placeOf(p.field) }))

  return (
    <article class="card record plan" aria-labelledby="plan-title" data-testid="plan-page" onKeyDown={onKeyDown}>
      <header class="record__header">
        <div>
          <div class="record__type">Account plan</div>
          <h1 class="record__title" id="plan-title">{typeof view.fields.name === 'string' ? view.fields.name : 'Account plan'}</h1>
          <div class="record__meta">
            <Show when={accountId()}>
              <a href={href.record(props.workspaceId, 'accounts', accountId())}>{accountTitle()}</a>
            </Show>
            <span>Everyone here edits live; changes made offline join when back online.</span>
          </div>
        </div>
        <div class="record__tools">
          <Avatars people={people()} />
          <button type="button" class="button button--small" title="Undo your last edit (Ctrl+Z)" disabled={locked()} onClick={() => view.undo()}>Undo</button>
          <button type="button" class="button button--small" title="Redo (Ctrl+Shift+Z)" disabled={locked()} onClick={() => view.redo()}>Redo</button>
        </div>
      </header>
      <Show when={olderPlan()}>
        {(older) => (
          <p class="notice notice--info" role="status" data-testid="plan-duplicate">
            Two plans were made for {accountTitle()} at the same time (offline). The team uses the older one; this one is kept so nothing is lost.
            <a class="button button--link" href={href.record(props.workspaceId, 'account-plans', older())}>Open the team's plan</a>
          </p>
        )}
      </Show>
      <Show when={readOnly()}><p class="notice notice--info">You can read this plan but not change it.</p></Show>
      <Show when={!view.exists()}><p class="notice notice--info" role="status">Waiting for this plan to arrive from the server…</p></Show>

      <ItemSection title="Goals" root="goals" plan={plan} view={view} others={others} readOnly={locked()} placeholder="Add a goal"
        add={(text) => plan.add('goals', { text, done: false })}>
        {(id, item) => (
          <>
            <input type="checkbox" aria-label="Done" checked={item().done === true} disabled={locked()}
              onChange={(e) => plan.set('goals', id, { done: e.currentTarget.checked })} />
            <ItemText root="goals" id={id} value={item().text} plan={plan} view={view} readOnly={locked()} label="Goal" max={500} />
          </>
        )}
      </ItemSection>

      <ItemSection title="Stakeholders" root="stakeholders" plan={plan} view={view} others={others} readOnly={locked()}
        adder={
          <select aria-label="Add a stakeholder" data-testid="add-stakeholder" disabled={locked() || !accountId()} value=""
            onFocus={() => view.focus('stakeholders')} onBlur={() => view.focus(null)}
            onChange={(e) => { const id = e.currentTarget.value; e.currentTarget.value = ''; if (id) plan.add('stakeholders', { contactId: id, influence: 'medium', stance: 'neutral' }) }}>
            <option value="">Add a contact of {accountTitle()}…</option>
            <For each={contacts().filter((c) => !Object.values(plan.items.stakeholders).some((s) => s.contactId === c.id))}>
              {(c) => <option value={c.id}>{c.title}{typeof c.fields.jobTitle === 'string' ? ` · ${c.fields.jobTitle}` : ''}</option>}
            </For>
          </select>
        }>
        {(id, item) => (
          <>
            <span class="plan__who">
              <a href={href.record(props.workspaceId, 'contacts', String(item().contactId))}>{contactName(item().contactId)}</a>
              <span class="hint">{rolesOf(String(item().contactId)).join(' · ') || 'no relationship roles yet'}</span>
            </span>
            <Choice label="Influence" values={INFLUENCE_LEVELS} value={item().influence} disabled={locked()}
              focus={(on) => view.focus(on ? `stakeholders.${id}` : null)} set={(v) => plan.set('stakeholders', id, { influence: v })} />
            <Choice label="Stance" values={STANCES} value={item().stance} disabled={locked()}
              focus={(on) => view.focus(on ? `stakeholders.${id}` : null)} set={(v) => plan.set('stakeholders', id, { stance: v })} />
          </>
        )}
      </ItemSection>

      <ItemSection title="Risks" root="risks" plan={plan} view={view} others={others} readOnly={locked()} placeholder="Add a risk"
        add={(text) => plan.add('risks', { text, level: 'medium' })}>
        {(id, item) => (
          <>
            <ItemText root="risks" id={id} value={item().text} plan={plan} view={view} readOnly={locked()} label="Risk" max={500} />
            <Choice label="Level" values={RISK_LEVELS} value={item().level} disabled={locked()}
              focus={(on) => view.focus(on ? `risks.${id}` : null)} set={(v) => plan.set('risks', id, { level: v })} />
            <ItemText root="risks" id={id} field="mitigation" value={item().mitigation} plan={plan} view={view} readOnly={locked()} label="Mitigation" max={500} />
          </>
        )}
      </ItemSection>

      <ItemSection title="Action items" root="actions" plan={plan} view={view} others={others} readOnly={locked()} placeholder="Add an action item"
        add={(text) => plan.add('actions', { text, ...(isUuid(props.me.id) ? { ownerId: props.me.id } : {}) })}>
        {(id, item) => (
          <>
            <ItemText root="actions" id={id} value={item().text} plan={plan} view={view} readOnly={locked()} label="Action" max={200} />
            <select aria-label="Owner" value={typeof item().ownerId === 'string' ? String(item().ownerId) : ''} disabled={locked()}
              onFocus={() => view.focus(`actions.${id}`)} onBlur={() => view.focus(null)}
              onChange={(e) => plan.set('actions', id, { ownerId: e.currentTarget.value || undefined })}>
              <option value="">No owner</option>
              <For each={members()}>{(m) => <option value={m.id} selected={m.id === item().ownerId}>{m.name}</option>}</For>
              <Show when={typeof item().ownerId === 'string' && !memberName(item().ownerId)}>
                <option value={String(item().ownerId)} selected>{item().ownerId === props.me.id ? props.me.name : 'Someone'}</option>
              </Show>
            </select>
            <input type="date" aria-label="Due" value={typeof item().dueDate === 'string' ? String(item().dueDate) : ''} disabled={locked()}
              onFocus={() => view.focus(`actions.${id}`)} onBlur={() => view.focus(null)}
              onChange={(e) => plan.set('actions', id, { dueDate: e.currentTarget.value || undefined })} />
            <Show when={typeof item().activityId === 'string'} fallback={
              <button type="button" class="button button--small" disabled={locked() || making().has(id)} onClick={() => void toActivity(id)}>Make activity</button>
            }>
              <a class="badge" data-testid="action-activity" href={href.record(props.workspaceId, 'activities', String(item().activityId))}>Activity made</a>
            </Show>
          </>
        )}
      </ItemSection>
      <Show when={activityError()}>{(message) => <p class="notice" role="alert">{message()}</p>}</Show>

      <section class="record__section plan__notes">
        <h2 class="record__section-title">Notes</h2>
        <PresenceTag people={others('notes')} />
        <div class="field">
          <LongTextField view={view} name="notes" id="plan-notes" label="Notes" disabled={locked()} />
        </div>
      </section>
    </article>
  )
}

/**
 * With `localStorage['tandem.debug'] = '1'`, the plan's socket can be held from the console
 * (`tandemPlan.disconnect()`; edits keep being saved locally) to make concurrent edits on purpose,
 * as browser tests do. Off by default.
 */
function exposeForDebugging(session: DocSession): void {
  let enabled = false
  try { enabled = localStorage.getItem('tandem.debug') === '1' } catch { /* storage blocked */ }
  if (!enabled) return
  const target = window as unknown as { tandemPlan?: unknown }
  target.tandemPlan = { disconnect: () => session.disconnect(), connect: () => session.connect() }
  onCleanup(() => { delete target.tandemPlan })
}

const SECTION_LABELS: Record<string, string> = { goals: 'Goals', stakeholders: 'Stakeholders', risks: 'Risks', actions: 'Action items', notes: 'Notes' }
