import { describe, expect, test } from 'vitest'
import { createRecordDoc, writeFields } from '../../shared/doc/record-doc'
import { applyUpdate, encodeCommittedSnapshot } from '../../shared/doc/sync-state'
import { WaitingLedger } from './waiting-ledger'

/** A client document whose updates are recorded, and a server copy to commit them to. */
function editing() {
  const mine = createRecordDoc(5)
  const server = createRecordDoc(9)
  const updates: Uint8Array[] = []
  mine.on('update', (u: Uint8Array) => updates.push(u))
  return { mine, server, updates }
}

describe('waiting ledger', () => {
  test('says when a document\'s last waiting change is committed, once, and not while another still waits', () => {
    const ledger = new WaitingLedger()
    const cleared: string[] = []
    ledger.onCleared((name) => cleared.push(name))
    const { mine, server, updates } = editing()
    writeFields(mine, { name: 'Contoso' })
    writeFields(mine, { phone: '+1 425 555 0100' })
    for (const u of updates) ledger.addLocal('demo/account/a', u)
    expect(ledger.count('demo/account/a').get()).toBe(2)

    applyUpdate(server, updates[0]!)
    ledger.commit('demo/account/a', encodeCommittedSnapshot(server))
    expect(ledger.count('demo/account/a').get()).toBe(1)
    expect(cleared).toEqual([])

    applyUpdate(server, updates[1]!)
    ledger.commit('demo/account/a', encodeCommittedSnapshot(server))
    expect(cleared).toEqual(['demo/account/a'])
    ledger.commit('demo/account/a', encodeCommittedSnapshot(server))
    expect(cleared).toEqual(['demo/account/a'])
    expect(ledger.total.get()).toBe(0)
  })

  test('says so when waiting changes are dropped (refused), and stops telling once unsubscribed', () => {
    const ledger = new WaitingLedger()
    const cleared: string[] = []
    const stop = ledger.onCleared((name) => cleared.push(name))
    const { mine, updates } = editing()
    writeFields(mine, { name: 'Fabrikam' })
    ledger.addLocal('demo/account/b', updates[0]!)
    ledger.drop('demo/account/b')
    expect(cleared).toEqual(['demo/account/b'])

    stop()
    writeFields(mine, { name: 'Fabrikam Ltd' })
    ledger.addLocal('demo/account/b', updates[1]!)
    ledger.drop('demo/account/b')
    expect(cleared).toEqual(['demo/account/b'])
  })
})
