/**
 * Test-only: a TCP proxy in front of the test server whose network can be cut and restored, so a
 * client's sockets really close (and its reconnects really fail) the way they do on a train.
 */
import * as net from 'node:net'

export interface FlakyNetwork {
  url: string
  /** Drops every open connection and refuses new ones until `restore()`. */
  cut(): void
  restore(): void
  close(): Promise<void>
}

export async function flakyNetwork(targetPort: number): Promise<FlakyNetwork> {
  let up = true
  const sockets = new Set<net.Socket>()
  const track = (socket: net.Socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('error', () => socket.destroy())
  }
  const server = net.createServer((inbound) => {
    track(inbound)
    if (!up) return inbound.destroy()
    const outbound = net.connect(targetPort, '127.0.0.1')
    track(outbound)
    inbound.pipe(outbound)
    outbound.pipe(inbound)
    inbound.on('close', () => outbound.destroy())
    outbound.on('close', () => inbound.destroy())
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as net.AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    cut() {
      up = false
      for (const socket of sockets) socket.destroy()
    },
    restore() {
      up = true
    },
    async close() {
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}
