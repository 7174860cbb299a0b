/** The client sync layer: what the app imports. */
export { makeSyncClient, SyncClient, type ConnectionState, type SyncClientOptions } from './sync-client'
export { DocSession, type RefusalNotice, type SessionStatus, type WebSocketClass } from './doc-session'
export { openReplica, wipeReplica, requestPersistentStorage, replicaDatabaseName, type Replica, type ReplicaDocument } from './replica'
export { ReplicaCorruptError } from './replica-entries'
export { SYNC_PROBLEM, type SyncProblem, type SyncProblemKind } from './sync-problems'
export { makeObservable, when, type Observable } from './observable'
export type { Draft } from './draft'
export type { EventTargetLike } from './reconnect-triggers'
