/**
 * A TCP proxy (node:net) between a browser and the server, for offline tests that cut the network
 * for real: it carries HTTP and WebSocket alike (it only moves bytes), and `cut()` destroys every
 * open connection and refuses new ones (accepted, then destroyed at once, before a byte is read),
 * so neither sockets, fetches nor a service worker's requests get through — which Playwright's
 * `setOffline` does not guarantee. It counts what it forwarded to the server, and what it
 * forwarded while cut (which must stay 0), and the connections it refused.
 */
import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net'

export interface ProxyCounts {
  /** Bytes from clients written to the server, in all. */
  bytesToServer: number
  /** Of those, bytes written while cut: by construction 0, asserted by tests as their evidence. */
  bytesToServerWhileCut: number
  /** Connections opened to the server while cut: 0 as well. */
  upstreamWhileCut: number
  /** Connections clients attempted while cut (refused). */
  refused: number
  /** Connections carried to the server, in all. */
  connections: number
}

export class TcpProxy {
  readonly counts: ProxyCounts = { bytesToServer: 0, bytesToServerWhileCut: 0, upstreamWhileCut: 0, refused: 0, connections: 0 }
  private isCut = false
  private readonly open = new Set<Socket>()

  private constructor(private readonly server: Server, private readonly target: { host: string; port: number }) {
    server.on('connection', (client) => this.accept(client))
  }

  /** Listens on a free port of 127.0.0.1 and forwards to `target`. */
  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const server = createServer({ pauseOnConnect: true })
    const proxy = new TcpProxy(server, target)
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(0, '127.0.0.1', () => resolve())
    })
    return proxy
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}`
  }

  get cutOff(): boolean {
    return this.isCut
  }

  /** Cuts the network: every connection through the proxy is destroyed, new ones are refused. */
  cut(): void {
    this.isCut = true
    for (const socket of this.open) socket.destroy()
    this.open.clear()
  }

  /** Lets connections through again (the ones cut stay closed: clients reconnect). */
  restore(): void {
    this.isCut = false
  }

  async close(): Promise<void> {
    this.cut()
    await new Promise<void>((resolve) => this.server.close(() => resolve()))
  }

  private accept(client: Socket): void {
    if (this.isCut) {
      this.counts.refused++
      client.destroy()
      return
    }
    this.counts.connections++
    const upstream = createConnection(this.target)
    if (this.isCut) this.counts.upstreamWhileCut++
    this.open.add(client)
    this.open.add(upstream)
    const end = () => {
      client.destroy()
      upstream.destroy()
      this.open.delete(client)
      this.open.delete(upstream)
    }
    client.on('data', (chunk: Buffer) => {
      if (this.isCut) {
        // Never forwarded: the connection is being destroyed.
        end()
        return
      }
      this.counts.bytesToServer += chunk.length
      if (!upstream.write(chunk)) client.pause()
    })
    upstream.on('drain', () => client.resume())
    upstream.on('data', (chunk: Buffer) => {
      if (!client.write(chunk)) upstream.pause()
    })
    client.on('drain', () => upstream.resume())
    upstream.on('connect', () => client.resume())
    client.on('error', end)
    upstream.on('error', end)
    client.on('close', end)
    upstream.on('close', end)
  }
}
