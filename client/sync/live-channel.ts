/**
 * The client end of the live channel (`shared/protocol/live.ts`): one WebSocket per workspace over
 * which the server pokes us about changed documents and the catalog's new sequence. It reconnects
 * with the same backoff as y-websocket (100 ms doubling to a ceiling), at once when told the network
 * is back, and never after a 4400–4499 close, which the server uses for refusals that retrying
 * cannot fix.
 */
import { isPermanentClose } from '../../shared/errors'
import { readLiveMessage } from '../../shared/protocol/live'
import { makeObservable, type Observable } from './observable'
import type { WebSocketClass } from './doc-session'

export type LiveChannelState = 'closed' | 'connecting' | 'open'

export interface LiveChannelHandlers {
  /** The channel is open (after the server's hello): a (re)connect, so the client catches up. */
  opened(): void
  poked(docNames: string[]): void
  /** The workspace's catalog moved to `seq`: pull what changed since the local sequence. */
  catalogMoved(seq: number): void
  closedForGood(code: number, reason: string): void
}

export class LiveChannel {
  private readonly stateValue = makeObservable<LiveChannelState>('closed')
  private ws: WebSocket | null = null
  private attempts = 0
  private timer: ReturnType<typeof setTimeout> | null = null
  private wanted = false
  private stopped = false

  constructor(
    private readonly url: string,
    private readonly WS: WebSocketClass,
    private readonly handlers: LiveChannelHandlers,
    private readonly maxBackoffTime = 2500,
  ) {}

  get state(): Observable<LiveChannelState> {
    return this.stateValue
  }

  connect(): void {
    this.wanted = true
    this.stopped = false
    if (!this.ws && !this.timer) this.open()
  }

  disconnect(): void {
    this.wanted = false
    this.clearTimer()
    const ws = this.ws
    this.ws = null
    if (ws) {
      detach(ws)
      ws.close()
    }
    this.stateValue.set('closed')
  }

  /** Skips the backoff: the network is back or the tab became visible. */
  reconnectNow(): void {
    if (!this.wanted || this.stopped || this.ws) return
    this.clearTimer()
    this.attempts = 0
    this.open()
  }

  private open(): void {
    const ws = new this.WS(this.url)
    this.ws = ws
    this.stateValue.set('connecting')
    ws.onmessage = (event: MessageEvent) => {
      if (this.ws !== ws || typeof event.data !== 'string') return
      const message = readLiveMessage(event.data)
      if (message === null) return
      if (message.t === 'hello') {
        this.attempts = 0
        this.stateValue.set('open')
        this.handlers.opened()
      } else if (message.t === 'poke') {
        this.handlers.poked(message.docs)
      } else {
        this.handlers.catalogMoved(message.seq)
      }
    }
    // An error is always followed by a close, which does the work.
    ws.onerror = () => {}
    ws.onclose = (event: CloseEvent) => {
      if (this.ws !== ws) return
      this.ws = null
      detach(ws)
      this.stateValue.set('closed')
      if (isPermanentClose(event.code)) {
        this.stopped = true
        this.handlers.closedForGood(event.code, event.reason)
        return
      }
      if (this.wanted) this.schedule()
    }
  }

  private schedule(): void {
    const delay = Math.min(100 * 2 ** this.attempts, this.maxBackoffTime)
    this.attempts++
    this.timer = setTimeout(() => {
      this.timer = null
      if (this.wanted && !this.ws) this.open()
    }, delay)
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }
}

function detach(ws: WebSocket): void {
  ws.onmessage = null
  ws.onclose = null
  // A socket closed while connecting still reports an error; in Node an unhandled one throws.
  ws.onerror = () => {}
}
