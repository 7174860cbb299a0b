/**
 * A bare sync socket for sending exactly the bytes a test wants (bad frames, hand-built updates)
 * and seeing how the server closes it.
 */
import * as decoding from 'lib0/decoding'
import type { SignedIn } from './sync-client'

export interface RawSocket {
  /** Frames received from the server, in order. */
  readonly received: Uint8Array[]
  /** Resolves with the close code and reason, however the socket closes. */
  readonly closed: Promise<{ code: number; reason: string }>
  send(frame: Uint8Array | string): void
  /** Resolves once the server has sent its first frame (sync step 1): the room has this socket. */
  greeted(): Promise<void>
  terminate(): void
}

/** Opens `url` signed in as `as` (the socket upgrade needs a session). */
export async function openRawSocket(url: string, as: SignedIn): Promise<RawSocket> {
  const ws = new as.WebSocket(url)
  ws.binaryType = 'nodebuffer'
  const received: Uint8Array[] = []
  let greet: () => void = () => {}
  const greeting = new Promise<void>((resolve) => { greet = resolve })
  ws.on('message', (data: Buffer) => {
    received.push(new Uint8Array(data))
    greet()
  })
  const closed = new Promise<{ code: number; reason: string }>((resolve) => {
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
  })
  ws.on('error', () => { /* the close event reports it */ })
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve())
    ws.once('unexpected-response', (_req, res) => reject(new Error(`upgrade refused: HTTP ${res.statusCode}`)))
    ws.once('error', reject)
  })
  return {
    received,
    closed,
    send: (frame) => ws.send(frame, { binary: typeof frame !== 'string' }),
    greeted: () => greeting,
    terminate: () => ws.terminate(),
  }
}

/** The outer message type of a frame. */
export function messageType(frame: Uint8Array): number {
  return decoding.readVarUint(decoding.createDecoder(frame))
}
