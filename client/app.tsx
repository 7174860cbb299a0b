/**
 * The app shell: brand, workspace, connection indicator with the count of changes waiting, and
 * the demo account's record page. (Navigation, lists and sign-in are the app issue.)
 */
import { onCleanup } from 'solid-js'
import { DEMO_ACCOUNT_ID, DEMO_WORKSPACE_ID, DEMO_WORKSPACE_NAME } from '../shared/demo'
import { formatDocName } from '../shared/doc-name'
import { RecordPage } from './features/record/record-page'
import { loadIdentity } from './identity'
import { createObservableSignal } from './store/create-observable-signal'
import { makeSyncClient } from './sync/sync-client'
import { ConnectionIndicator } from './ui/connection-indicator'

export function App() {
  const me = loadIdentity()
  const client = makeSyncClient({ serverUrl: location.origin, workspaceId: DEMO_WORKSPACE_ID, namespace: me.id })
  void client.start()
  onCleanup(() => void client.destroy())
  const connection = createObservableSignal(client.connection)
  const waiting = createObservableSignal(client.waiting)
  const docName = formatDocName({ workspaceId: DEMO_WORKSPACE_ID, type: 'account', recordId: DEMO_ACCOUNT_ID })
  return (
    <div class="shell">
      <header class="shell__bar">
        <span class="shell__brand"><img src="/favicon.svg" alt="" width="22" height="22" />Tandem</span>
        <span class="shell__workspace">{DEMO_WORKSPACE_NAME}</span>
        <span class="shell__spacer" />
        <ConnectionIndicator state={connection()} waiting={waiting()} />
        <span class="hint">{me.name}</span>
      </header>
      <main class="shell__main">
        <RecordPage client={client} docName={docName} me={me} />
        <p class="hint">Open this page in a second window to edit together; cut the network and keep typing — your changes wait on this device and merge when you are back.</p>
      </main>
    </div>
  )
}
