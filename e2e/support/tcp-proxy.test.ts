import { createServer, connect, type AddressInfo, type Server } from 'node:net'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { TcpProxy } from './tcp-proxy'

let echo: Server
let received = 0
let proxy: TcpProxy

beforeAll(async () => {
  echo = createServer((socket) => socket.on('data', (chunk) => { received += chunk.length; socket.write(chunk) }))
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', () => resolve()))
  proxy = await TcpProxy.start({ host: '127.0.0.1', port: (echo.address() as AddressInfo).port })
})
afterAll(async () => {
  await proxy.close()
  await new Promise((resolve) => echo.close(resolve))
})

/** Sends `text` through the proxy; resolves with what came back, or with the error that closed it. */
function roundTrip(text: string): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(proxy.port, '127.0.0.1')
    let back = ''
    socket.on('connect', () => socket.write(text))
    socket.on('data', (chunk) => { back += chunk.toString(); if (back.length >= text.length) { socket.end(); resolve(back) } })
    socket.on('error', (error) => resolve(`error: ${error.message}`))
    socket.on('close', () => resolve(back === '' ? 'closed' : back))
  })
}

describe('the TCP proxy', () => {
  test('carries bytes both ways; cut, it closes open connections and refuses new ones without the server receiving a byte; restored, it carries again', async () => {
    expect(await roundTrip('hello')).toBe('hello')
    expect(proxy.counts.bytesToServer).toBe(5)

    const held = connect(proxy.port, '127.0.0.1')
    await new Promise((resolve) => held.on('connect', resolve))
    const heldClosed = new Promise((resolve) => held.on('close', resolve))
    await new Promise((resolve) => setTimeout(resolve, 50))
    proxy.cut()
    await heldClosed
    const before = received
    expect(await roundTrip('while cut')).not.toBe('while cut')
    expect(received).toBe(before)
    expect(proxy.counts).toMatchObject({ bytesToServerWhileCut: 0, upstreamWhileCut: 0, refused: 1 })

    proxy.restore()
    expect(await roundTrip('back')).toBe('back')
    expect(received).toBe(before + 4)
  })
})
