/**
 * Error codes and WebSocket close codes, shared by server and client.
 *
 * Close codes 4400–4499 are permanent refusals: the stock y-websocket client (3.1.0 and later)
 * stops reconnecting on them. Codes 4500–4599 are transient server faults: clients reconnect.
 */
export const ERROR = {
  MALFORMED_FRAME: 'MALFORMED_FRAME',
  TEXT_FRAME: 'TEXT_FRAME',
  FRAME_TOO_LARGE: 'FRAME_TOO_LARGE',
  UNKNOWN_MESSAGE_TYPE: 'UNKNOWN_MESSAGE_TYPE',
  MALFORMED_UPDATE: 'MALFORMED_UPDATE',
  CLOCK_GAP_TOO_LARGE: 'CLOCK_GAP_TOO_LARGE',
  CLOCK_GAP_NEVER_CLOSED: 'CLOCK_GAP_NEVER_CLOSED',
  CHECK_FAILED: 'CHECK_FAILED',
  FORBIDDEN: 'FORBIDDEN',
  FORBIDDEN_CLIENT_ID: 'FORBIDDEN_CLIENT_ID',
  UNAUTHORIZED: 'UNAUTHORIZED',
  RATE_LIMITED: 'RATE_LIMITED',
  AWARENESS_REFUSED: 'AWARENESS_REFUSED',
  NOT_FOUND: 'NOT_FOUND',
  BAD_DOCUMENT_NAME: 'BAD_DOCUMENT_NAME',
  PROTOCOL_VERSION: 'PROTOCOL_VERSION',
  STORAGE_FAILED: 'STORAGE_FAILED',
  SERVER_SHUTTING_DOWN: 'SERVER_SHUTTING_DOWN',
  BAD_REQUEST: 'BAD_REQUEST',
  /** Schema checks (DESIGN.md §3a): decidable from the update alone, named per field. */
  UNKNOWN_RECORD_TYPE: 'UNKNOWN_RECORD_TYPE',
  UNKNOWN_ROOT: 'UNKNOWN_ROOT',
  UNKNOWN_FIELD: 'UNKNOWN_FIELD',
  SERVER_OWNED_FIELD: 'SERVER_OWNED_FIELD',
  INVALID_VALUE: 'INVALID_VALUE',
  REQUIRED_FIELD: 'REQUIRED_FIELD',
  /** REST: the record changed since the `If-Match` version. */
  PRECONDITION_FAILED: 'PRECONDITION_FAILED',
  INTERNAL: 'INTERNAL',
} as const

export type ErrorCode = (typeof ERROR)[keyof typeof ERROR]

export const CLOSE = {
  /** A frame that is not a well-formed message of the protocol. */
  MALFORMED_FRAME: { code: 4400, reason: 'malformed-frame' },
  /** No session, or the session ended (signed out, expired): sign in again. */
  UNAUTHORIZED: { code: 4401, reason: 'unauthorized' },
  /** The protocol is binary; a text frame is a client bug. */
  TEXT_FRAME: { code: 4415, reason: 'text-frame' },
  /** Permission denied for this document (the trust issue refines this). */
  FORBIDDEN: { code: 4403, reason: 'forbidden' },
  /** The document name is not `<workspaceId>/<type>/<recordId>`. */
  BAD_DOCUMENT_NAME: { code: 4404, reason: 'bad-document-name' },
  /** An update whose bytes do not decode as a Yjs V1 update. */
  MALFORMED_UPDATE: { code: 4406, reason: 'malformed-update' },
  /** Updates waited on a clock gap longer, or in more bytes, than allowed. */
  CLOCK_GAP: { code: 4408, reason: 'clock-gap' },
  /** A frame over the size limit. */
  FRAME_TOO_LARGE: { code: 4413, reason: 'frame-too-large' },
  /** An awareness state over its size limit, or for client ids another connection controls. */
  AWARENESS_REFUSED: { code: 4417, reason: 'awareness-refused' },
  /** Too many messages per second, or too many documents open at once. */
  RATE_LIMITED: { code: 4429, reason: 'rate-limited' },
  TOO_MANY_DOCUMENTS: { code: 4430, reason: 'too-many-documents' },
  /** A stock client wrote something the checks refuse (ours get a `refused` message instead). */
  REFUSED: { code: 4422, reason: 'refused' },
  /** The client asked for an extension protocol version this server does not speak. */
  PROTOCOL_VERSION: { code: 4426, reason: 'protocol-version' },
  /** Storage failed; the client should reconnect and resend. */
  STORAGE_FAILED: { code: 4500, reason: 'storage-failed' },
  /** The server is shutting down; reconnect to another (or the restarted) server. */
  SHUTTING_DOWN: { code: 4501, reason: 'server-shutting-down' },
} as const

export function isPermanentClose(code: number): boolean {
  return code >= 4400 && code < 4500
}
