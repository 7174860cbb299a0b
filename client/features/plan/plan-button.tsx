/**
 * "Plan with the team" on an account page: opens the account's plan, making it first when there is
 * none (offline too: a new document with an id made here). When two people made one at once, the
 * older is opened (./plan-choice.ts).
 */
import { Show, createSignal } from 'solid-js'
import type { Identity } from '../../identity'
import { href } from '../../router'
import type { SyncClient } from '../../sync/sync-client'
import { openPlanOf } from './plan-api'

export function PlanButton(props: { client: SyncClient; workspaceId: string; account: { id: string; title: string }; me: Identity; navigate: (hash: string) => void; disabled: boolean }) {
  const [busy, setBusy] = createSignal(false)
  const [problem, setProblem] = createSignal<string | null>(null)
  const open = async () => {
    setBusy(true)
    setProblem(null)
    try {
      const id = await openPlanOf(props.client, props.workspaceId, props.account, props.me.id)
      props.navigate(href.record(props.workspaceId, 'account-plans', id))
    } catch (error) {
      setProblem(`The plan could not be opened: ${error instanceof Error ? error.message : String(error)}`)
    } finally {
      setBusy(false)
    }
  }
  return (
    <>
      <button type="button" class="button button--small button--primary" data-testid="plan-with-team" disabled={props.disabled || busy()} onClick={() => void open()}>
        Plan with the team
      </button>
      <Show when={problem()}>{(p) => <span class="field__error" role="alert">{p()}</span>}</Show>
    </>
  )
}
