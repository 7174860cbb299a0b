/**
 * A hostile sync client: opens a socket on a document, sends frames from a mutator one at a time
 * and reconnects (to another document) whenever the server closes it, until told to stop.
 *
 * Every frame is followed by a WebSocket ping. The server's `ws` answers pings in order with the
 * frames around them, and a room handles a frame synchronously (parse, shadow copy, checks) up to
 * the commit, so a pong means the server has handled the frame and kept the socket; a close
 * instead means that frame closed it. So `handled` counts frames that really reached the room,
 * not frames lost in a socket the server had already closed.
 */
import type { WebSocket } from 'ws'
import type { FrameMutator, HostileFrame } from './frame-mutator'

export interface FuzzTally {
  /** Frames the server handled: answered by a pong, or closed the socket. */
  handled: number
  connections: number
  /** Close code and reason → count. */
  closes: Map<string, number>
  /** Upgrades the server refused (HTTP status → count); reconnecting is what a hostile client does. */
  refusedUpgrades: Map<string, number>
  /** Mutation → frames handled, and how many of them closed their socket. */
  byMutation: Map<string, { handled: number; closed: number }>
  /** The longest wait for a pong or a close, in ms. */
  slowestAnswerMs: number
}

export function emptyTally(): FuzzTally {
  return { handled: 0, connections: 0, closes: new Map(), refusedUpgrades: new Map(), byMutation: new Map(), slowestAnswerMs: 0 }
}

export interface HostileClientOptions {
  url: (docName: string) => string
  pickDoc: () => string
  SignedInWebSocket: typeof WebSocket
  mutator: FrameMutator
  tally: FuzzTally
  /** True once the run should end; checked between frames. */
  done: () => boolean
  /** A pong or close slower than this means the server hangs: the run fails. */
  answerTimeoutMs: number
}

type Answer = { kind: 'pong' } | { kind: 'close'; code: number; reason: string }

export async function runHostileClient(options: HostileClientOptions): Promise<void> {
  while (!options.done()) {
    const ws = await open(options)
    if (!ws) continue
    options.tally.connections++
    const answers = listen(ws)
    try {
      while (!options.done()) {
        const frame = options.mutator.next()
        const started = performance.now()
        send(ws, frame)
        ws.ping()
        const answer = await answers.next(options.answerTimeoutMs, frame)
        options.tally.slowestAnswerMs = Math.max(options.tally.slowestAnswerMs, performance.now() - started)
        count(options.tally, frame, answer)
        if (answer.kind === 'close') break
      }
    } finally {
      if (ws.readyState === ws.OPEN) ws.close(1000)
      await answers.closed
    }
  }
}

async function open(options: HostileClientOptions): Promise<WebSocket | null> {
  const ws = new options.SignedInWebSocket(options.url(options.pickDoc()))
  ws.on('error', () => { /* reported through close or unexpected-response */ })
  return new Promise((resolve, reject) => {
    const settle = (result: WebSocket | null) => {
      clearTimeout(timer)
      ws.off('close', closedEarly)
      resolve(result)
    }
    // Closed before it opened: the server refused at once (e.g. too many documents open).
    const closedEarly = (code: number, reason: Buffer) => {
      bump(options.tally.refusedUpgrades, `close ${code} ${reason.toString()}`)
      settle(null)
    }
    const timer = setTimeout(() => {
      ws.terminate()
      reject(new Error(`the server did not answer an upgrade within ${options.answerTimeoutMs} ms`))
    }, options.answerTimeoutMs)
    ws.once('open', () => settle(ws))
    ws.once('close', closedEarly)
    ws.once('unexpected-response', (_req, res) => {
      bump(options.tally.refusedUpgrades, `HTTP ${res.statusCode}`)
      res.resume()
      ws.terminate()
      settle(null)
    })
  })
}

/** Pongs and the close, in order, as a queue the sender awaits one at a time. */
function listen(ws: WebSocket) {
  const queue: Answer[] = []
  let wake: (() => void) | null = null
  let closed: Answer | null = null
  const closedPromise = new Promise<void>((resolve) => {
    ws.on('close', (code, reason) => {
      closed = { kind: 'close', code, reason: reason.toString() }
      wake?.()
      resolve()
    })
  })
  ws.on('pong', () => {
    queue.push({ kind: 'pong' })
    wake?.()
  })
  ws.on('message', () => { /* broadcasts and answers: a hostile client ignores them */ })
  return {
    closed: closedPromise,
    async next(timeoutMs: number, frame: HostileFrame): Promise<Answer> {
      const deadline = performance.now() + timeoutMs
      for (;;) {
        const answer = queue.shift() ?? closed
        if (answer) return answer
        const left = deadline - performance.now()
        if (left <= 0) throw new Error(`no pong and no close within ${timeoutMs} ms after a ${frame.mutation} frame of ${frame.bytes.length} bytes: the server hangs`)
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left)
          wake = () => {
            clearTimeout(timer)
            wake = null
            resolve()
          }
        })
      }
    },
  }
}

function send(ws: WebSocket, frame: HostileFrame): void {
  ws.send(frame.bytes, { binary: !frame.text })
}

function count(tally: FuzzTally, frame: HostileFrame, answer: Answer): void {
  tally.handled++
  const entry = tally.byMutation.get(frame.mutation) ?? { handled: 0, closed: 0 }
  entry.handled++
  if (answer.kind === 'close') {
    entry.closed++
    bump(tally.closes, `${answer.code} ${answer.reason}`)
  }
  tally.byMutation.set(frame.mutation, entry)
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1)
}
