/** What every related list of a record page is given. */
import type { Accessor } from 'solid-js'
import type { Identity } from '../../../identity'
import type { RecordView } from '../../../store/create-record-view'
import type { SyncClient } from '../../../sync/sync-client'

export interface RelatedProps {
  client: SyncClient
  workspaceId: string
  /** The record's type and id. */
  type: string
  recordId: string
  view: RecordView
  me: Identity
  navigate: (hash: string) => void
  /** False while the connection is down: REST commands then explain they need the network. */
  online: Accessor<boolean>
  readOnly: Accessor<boolean>
}
