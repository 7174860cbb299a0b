/**
 * Our two extension messages on a stock `WebsocketProvider`: `committed` (100) and `refused` (101),
 * registered in its `messageHandlers` table, which y-websocket calls with
 * `(encoder, decoder, provider, emitSynced, messageType)`. Neither answers anything, so the encoder
 * stays empty and y-websocket sends nothing back.
 */
import type { WebsocketProvider } from 'y-websocket'
import { readCommitted } from '../../shared/protocol/committed'
import { MESSAGE } from '../../shared/protocol/messages'
import { readRefused, type Refusal } from '../../shared/protocol/refused'

export interface ExtensionListener {
  committed(snapshot: Uint8Array): void
  refused(refusal: Refusal): void
  /** A frame of ours that does not parse: a server bug or version skew, never thrown into y-websocket. */
  malformed(message: string): void
}

export function registerExtensions(provider: WebsocketProvider, listener: ExtensionListener): void {
  provider.messageHandlers[MESSAGE.COMMITTED] = (_encoder, decoder) => {
    let snapshot: Uint8Array
    try {
      snapshot = readCommitted(decoder)
    } catch (error) {
      return listener.malformed(`a committed message did not parse: ${(error as Error).message}`)
    }
    listener.committed(snapshot)
  }
  provider.messageHandlers[MESSAGE.REFUSED] = (_encoder, decoder) => {
    let refusal: Refusal
    try {
      refusal = readRefused(decoder)
    } catch (error) {
      return listener.malformed(`a refused message did not parse: ${(error as Error).message}`)
    }
    listener.refused(refusal)
  }
}
