/**
 * Real sync traffic to mutate: a stock `WebsocketProvider` session against a running server whose
 * socket records every frame it sends and receives. The session syncs, publishes presence (the
 * field a person is in, a text cursor), edits an account's fields of every scalar kind it has
 * (each edit valid for its schema), types and deletes in its description, pastes a long text into
 * it, and leaves; so the frames cover
 * sync step 1 and 2, updates of field and text edits, awareness and its removal, and what the
 * server answers (state vectors, whole-document step 2, broadcasts, `committed`).
 */
import * as decoding from 'lib0/decoding'
import type { WebSocket } from 'ws'
import { WebsocketProvider } from 'y-websocket'
import * as Y from 'yjs'
import { deleteText, insertText, writeFields } from '../../shared/doc/record-doc'
import { MESSAGE } from '../../shared/protocol/messages'
import { PROTOCOL_PARAM, PROTOCOL_VERSION } from '../../shared/protocol/version'
import { sleep, waitFor } from './wait'

export interface CapturedTraffic {
  sent: Uint8Array[]
  received: Uint8Array[]
}

/** Runs the session on `docName` as the person `SignedInWebSocket` carries the cookie of. */
export async function captureSession(wsUrl: string, docName: string, SignedInWebSocket: typeof WebSocket): Promise<CapturedTraffic> {
  const traffic: CapturedTraffic = { sent: [], received: [] }
  const Recording = class extends SignedInWebSocket {
    constructor(address: string | URL, protocols?: string | string[]) {
      super(address, protocols)
      this.on('message', (data: Buffer) => traffic.received.push(new Uint8Array(data)))
    }

    override send(data: unknown, ...rest: unknown[]): void {
      traffic.sent.push(Uint8Array.from(data as Uint8Array))
      ;(super.send as (...args: unknown[]) => void)(data, ...rest)
    }
  }
  const doc = new Y.Doc()
  const provider = new WebsocketProvider(`${wsUrl}/sync`, docName, doc, {
    WebSocketPolyfill: Recording as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    params: { [PROTOCOL_PARAM]: String(PROTOCOL_VERSION) },
  })
  let committed = 0
  provider.messageHandlers[MESSAGE.COMMITTED] = () => { committed++ }
  try {
    await waitFor(() => provider.synced, `the capture session on ${docName} to sync`)
    const awareness = provider.awareness
    awareness.setLocalState({ user: { name: 'Capture' }, field: 'name' })
    writeFields(doc, { name: 'Acme Corporation', industry: 'Manufacturing', employees: 1200, annualRevenue: 2_500_000.5, type: 'customer', parentAccountId: null })
    await sleep(20)
    for (const [i, word] of ['Key ', 'account ', 'since ', '2019. '].entries()) {
      insertText(doc, 'description', doc.getText('description').length, word)
      awareness.setLocalStateField('cursor', { root: 'description', index: doc.getText('description').length, i })
      await sleep(5)
    }
    deleteText(doc, 'description', 4, 8)
    awareness.setLocalStateField('field', 'phone')
    writeFields(doc, { phone: '+1 555 0100', website: 'acme.example', email: 'sales@acme.example', employees: 1250, industry: undefined })
    insertText(doc, 'description', 0, 'Pasted: ' + 'lorem ipsum dolor sit amet '.repeat(40))
    deleteText(doc, 'description', 100, 300)
    writeFields(doc, { name: 'Acme Corp.', type: 'partner' })
    await waitFor(() => committed >= 3, 'the server to report the capture edits committed')
    awareness.setLocalState(null)
    await sleep(50)
  } finally {
    provider.destroy()
    doc.destroy()
  }
  if (traffic.sent.length < 10) throw new Error(`the capture session sent only ${traffic.sent.length} frames`)
  return traffic
}

/** How many frames of each outer message type (and sync sub-type) a capture holds, for the log. */
export function describeTraffic(frames: readonly Uint8Array[]): Record<string, number> {
  const counts: Record<string, number> = {}
  for (const frame of frames) {
    const decoder = decoding.createDecoder(frame)
    const type = decoding.readVarUint(decoder)
    const key = type === MESSAGE.SYNC ? `sync/${decoding.readVarUint(decoder)}` : String(type)
    counts[key] = (counts[key] ?? 0) + 1
  }
  return counts
}
