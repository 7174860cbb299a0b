/** Types for the y-websocket 2.1.0 reference server utilities (installed as `y-websocket-ref`). */
declare module 'y-websocket-ref/bin/utils' {
  import type { IncomingMessage } from 'node:http'
  import type { WebSocket } from 'ws'
  export function setupWSConnection(conn: WebSocket, req: IncomingMessage, options?: { docName?: string; gc?: boolean }): void
}
