/**
 * The main navigation: the record types there are pages for, what comes later (shown, disabled,
 * marked "coming", so the shape of the product is visible), the other record lists, and members.
 */
import { For } from 'solid-js'
import { recordType } from '../../../shared/records'
import { href, type Route } from '../../router'
import { NAV_TYPES } from '../palette/palette-model'

const COMING = ['Opportunities', 'Quotes', 'Orders', 'Invoices', 'Campaigns', 'Marketing lists']
const MORE_TYPES = ['relationship', 'relationship-role']

export function Nav(props: { workspaceId: string; route: Route; canManage: boolean }) {
  const current = (path: string) => {
    const r = props.route
    return (r.kind === 'list' || r.kind === 'record' || r.kind === 'new') && r.path === path
  }
  const link = (type: string) => {
    const t = recordType(type)!
    return (
      <li>
        <a class="nav__link" href={href.list(props.workspaceId, t.path)} aria-current={current(t.path) ? 'page' : undefined}>{t.pluralLabel}</a>
      </li>
    )
  }
  return (
    <nav class="nav" aria-label="Main">
      <ul class="nav__list">
        <For each={[...NAV_TYPES]}>{link}</For>
      </ul>
      <h2 class="nav__heading">Sales, service, marketing</h2>
      <ul class="nav__list">
        <For each={COMING}>
          {(label) => <li><span class="nav__link nav__link--coming" aria-disabled="true">{label}<span class="nav__badge">coming</span></span></li>}
        </For>
      </ul>
      <h2 class="nav__heading">Setup</h2>
      <ul class="nav__list">
        <For each={MORE_TYPES}>{link}</For>
        <li>
          <a class="nav__link" href={href.members(props.workspaceId)} aria-current={props.route.kind === 'members' ? 'page' : undefined}>
            {props.canManage ? 'Members and invitations' : 'Members'}
          </a>
        </li>
      </ul>
    </nav>
  )
}
