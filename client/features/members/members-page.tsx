/**
 * The workspace's members: everyone sees who is in it; owners and admins invite people with a
 * role (a single-use link valid for a week), change roles and remove members. The server decides
 * (server/api/workspace-routes.ts); its refusals (a role above your own, the last owner) are shown
 * as it words them.
 */
import { For, Show, createResource, createSignal } from 'solid-js'
import { ApiError } from '../../api/api-call'
import { canManage, workspaceApi, type GrantableRole, type Invitation, type Member, type Role } from '../../api/workspace-api'
import './members.css'

const ROLES: Role[] = ['owner', 'admin', 'member', 'viewer']
const GRANTABLE: GrantableRole[] = ['member', 'admin', 'viewer']
const ROLE_HELP: Record<Role, string> = {
  owner: 'everything, including other owners',
  admin: 'manages members and settings',
  member: 'reads and edits records',
  viewer: 'reads records only',
}
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

export function MembersPage(props: { workspaceId: string; workspaceName: string; myRole: Role; myId: string; onLeft: () => void }) {
  const [members, { mutate, refetch }] = createResource(() => props.workspaceId, (ws) => workspaceApi.members(ws))
  const [error, setError] = createSignal<string | null>(null)
  const [notice, setNotice] = createSignal<string | null>(null)
  const [inviteRole, setInviteRole] = createSignal<GrantableRole>('member')
  const [invitation, setInvitation] = createSignal<Invitation | null>(null)
  const [busy, setBusy] = createSignal(false)
  const manager = () => canManage(props.myRole)
  const canChange = (member: Member) => manager() && member.id !== props.myId && RANK[member.role] <= RANK[props.myRole]

  const run = async (action: () => Promise<void>) => {
    setBusy(true)
    setError(null)
    setNotice(null)
    try {
      await action()
    } catch (e) {
      setError(e instanceof ApiError ? e.message : String(e))
      void refetch()
    } finally {
      setBusy(false)
    }
  }

  const changeRole = (member: Member, role: Role) => run(async () => {
    await workspaceApi.setRole(props.workspaceId, member.id, role)
    mutate((list) => list?.map((m) => (m.id === member.id ? { ...m, role } : m)))
    setNotice(`${member.name} is now ${role === 'admin' ? 'an' : 'a'} ${role}.`)
  })
  const remove = (member: Member) => {
    const self = member.id === props.myId
    const question = self ? `Leave ${props.workspaceName}? You will need a new invitation to come back.` : `Remove ${member.name} (${member.email}) from ${props.workspaceName}?`
    if (!confirm(question)) return
    void run(async () => {
      await workspaceApi.remove(props.workspaceId, member.id)
      if (self) return props.onLeft()
      mutate((list) => list?.filter((m) => m.id !== member.id))
      setNotice(`${member.name} was removed.`)
    })
  }
  const invite = (event: SubmitEvent) => {
    event.preventDefault()
    void run(async () => { setInvitation(await workspaceApi.invite(props.workspaceId, inviteRole())) })
  }
  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url)
      setNotice('The link is copied.')
    } catch {
      setNotice('Select the link and copy it (the browser did not allow copying).')
    }
  }

  return (
    <section class="members" aria-labelledby="members-title">
      <header class="list-page__header">
        <h1 id="members-title" class="list-page__title">Members of {props.workspaceName}</h1>
      </header>
      <Show when={error()}><p class="notice" role="alert">{error()}</p></Show>
      <Show when={notice()}><p class="notice notice--info" role="status">{notice()}</p></Show>

      <Show when={manager()}>
        <form class="card members__invite" onSubmit={invite} aria-labelledby="invite-title">
          <h2 id="invite-title" class="members__subtitle">Invite someone</h2>
          <div class="members__invite-line">
            <label for="invite-role">Role</label>
            <select id="invite-role" value={inviteRole()} onChange={(e) => setInviteRole(e.currentTarget.value as GrantableRole)}>
              <For each={GRANTABLE}>{(role) => <option value={role} selected={role === inviteRole()}>{role} — {ROLE_HELP[role]}</option>}</For>
            </select>
            <button class="button button--primary" type="submit" disabled={busy()}>Create invitation link</button>
          </div>
          <Show when={invitation()}>
            {(inv) => (
              <div class="members__link">
                <label for="invite-link">Send this link to the person you invite ({inv().role}; used once; valid until {new Date(inv().expiresAt).toLocaleString()}):</label>
                <div class="members__invite-line">
                  <input id="invite-link" readonly value={inv().url} onFocus={(e) => e.currentTarget.select()} data-testid="invite-link" />
                  <button class="button" type="button" onClick={() => void copy(inv().url)}>Copy</button>
                </div>
              </div>
            )}
          </Show>
        </form>
      </Show>

      <Show when={!members.loading || members()} fallback={<p class="hint">Loading the members…</p>}>
        <Show when={!members.error} fallback={<p class="notice" role="alert">{members.error instanceof ApiError ? members.error.message : 'The members could not be loaded.'}</p>}>
          <table class="members__table">
            <caption class="visually-hidden">Members and their roles</caption>
            <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
            <tbody>
              <For each={members() ?? []}>
                {(member) => (
                  <tr>
                    <td>{member.name}{member.id === props.myId ? ' (you)' : ''}</td>
                    <td>{member.email}</td>
                    <td>
                      <Show when={canChange(member)} fallback={<span title={ROLE_HELP[member.role]}>{member.role}</span>}>
                        <label class="visually-hidden" for={`role-${member.id}`}>Role of {member.name}</label>
                        <select id={`role-${member.id}`} value={member.role} disabled={busy()} onChange={(e) => void changeRole(member, e.currentTarget.value as Role)}>
                          <For each={ROLES.filter((r) => RANK[r] <= RANK[props.myRole])}>{(role) => <option value={role} selected={role === member.role}>{role}</option>}</For>
                        </select>
                      </Show>
                    </td>
                    <td class="members__actions">
                      <Show when={canChange(member) || member.id === props.myId}>
                        <button class="button button--quiet" type="button" disabled={busy()} onClick={() => remove(member)}>
                          {member.id === props.myId ? 'Leave' : 'Remove'}
                        </button>
                      </Show>
                    </td>
                  </tr>
                )}
              </For>
            </tbody>
          </table>
        </Show>
      </Show>
      <Show when={!manager()}><p class="hint">Owners and admins invite people and change roles.</p></Show>
    </section>
  )
}
