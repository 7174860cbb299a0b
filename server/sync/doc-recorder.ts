/**
 * What a room asks of its document's record keeper: the projection and field history of each
 * accepted update, computed on the shadow copy and committed with the update (DESIGN.md §5).
 * server/records/ implements it per record type; a room without one stores only updates.
 */
import type * as Y from 'yjs'
import type { ChangeSummary } from '../../shared/doc/change-summary'
import type { RecordedChange } from '../storage/record-rows'

export interface DocRecorder {
  /** The committed state the room loaded: history's "old" values start from it. */
  load(live: Y.Doc): void
  /**
   * An update was accepted: `shadow` holds the state with it applied. `actorOf` names who wrote
   * with a Yjs client id (a value that lost may be another's).
   */
  accepted(shadow: Y.Doc, change: ChangeSummary, actor: string, actorOf?: (client: number) => string): RecordedChange
}
