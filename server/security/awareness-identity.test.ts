/**
 * Issue 3, acceptance 5: presence shows who someone really is. Mallory's awareness claiming Ada's
 * identity is rewritten to her own session's; awareness for Ada's client id (while Ada is here,
 * after she left, or to remove her) is refused; Bob keeps seeing the real Ada. Ada herself, on a
 * second socket while the server still holds her first (a dropped network), keeps her presence.
 */
import * as awarenessProtocol from 'y-protocols/awareness'
import * as Y from 'yjs'
import { beforeAll, describe, expect, test } from 'vitest'
import { CLOSE } from '../../shared/errors'
import { uuidv7 } from '../../shared/ids'
import { writeAwareness, writeSyncStep1 } from '../../shared/protocol/messages'
import { colorFor } from '../sync/awareness-guard'
import { createTestUser, type TestUser } from '../testing/test-users'
import { sleep, tandemQuery, waitFor, type RawSocket } from './support'
import { securityTestBed } from './test-bed'

const bed = securityTestBed()
let ada: TestUser
let bob: TestUser
let mallory: TestUser

beforeAll(async () => {
  ada = await createTestUser(bed.server.services, { role: 'member', name: 'Ada Lovelace' })
  bob = await createTestUser(bed.server.services, { role: 'viewer', name: 'Bob' })
  mallory = await createTestUser(bed.server.services, { role: 'member', name: 'Mallory' })
})

const identity = (user: TestUser) => ({ id: user.user.id, name: user.user.name, color: colorFor(user.user.id) })

const open = (docName: string, user: TestUser) => bed.client(docName, user, { tandem: true })

async function raw(docName: string, user: TestUser): Promise<RawSocket> {
  const socket = await bed.socket(`/sync/${docName}${tandemQuery}`, user.headers)
  socket.send(writeSyncStep1(Y.encodeStateVector(new Y.Doc())))
  return socket
}

/** An awareness update for `clientId` with `state` (null removes it), at a clock that wins. */
function presence(clientId: number, state: Record<string, unknown> | null, clock = 10): Uint8Array {
  const doc = new Y.Doc()
  doc.clientID = clientId
  const awareness = new awarenessProtocol.Awareness(doc)
  for (let i = 0; i < clock; i++) awareness.setLocalState({ i })
  awareness.setLocalState(state)
  const update = awarenessProtocol.encodeAwarenessUpdate(awareness, [clientId])
  awareness.destroy()
  doc.destroy()
  return update
}

async function scene() {
  const docName = `demo/account/${uuidv7()}`
  const adaClient = open(docName, ada)
  const bobClient = open(docName, bob)
  await Promise.all([adaClient.whenSynced(), bobClient.whenSynced()])
  adaClient.provider.awareness.setLocalStateField('cursor', { field: 'phone' })
  const adaId = adaClient.doc.clientID
  const bobSeesAda = () => bobClient.provider.awareness.getStates().get(adaId)
  await waitFor(() => bobSeesAda()?.cursor !== undefined, 'Bob to see Ada’s presence')
  return { docName, adaClient, bobClient, adaId, bobSeesAda }
}

describe('presence', () => {
  test('that claims another identity is rewritten to the session\'s: Bob sees Mallory, not Ada', async () => {
    const { docName, bobClient } = await scene()
    const malloryId = 424_242
    const socket = await raw(docName, mallory)
    socket.send(writeAwareness(presence(malloryId, { user: { id: ada.user.id, name: 'Ada Lovelace', color: '#ff0000' }, cursor: { field: 'name' } })))
    await waitFor(() => bobClient.provider.awareness.getStates().has(malloryId), 'Bob to see Mallory’s presence')
    expect(bobClient.provider.awareness.getStates().get(malloryId)).toEqual({ user: identity(mallory), cursor: { field: 'name' } })
    expect(socket.close).toBeNull()
  })

  test('an honest client\'s presence carries the name from its session', async () => {
    const { bobSeesAda } = await scene()
    expect(bobSeesAda()).toEqual({ user: identity(ada), cursor: { field: 'phone' } })
  })

  test('for Ada\'s client id while she is connected is refused with 4417, and Bob still sees the real Ada', async () => {
    const { docName, adaId, bobSeesAda } = await scene()
    const socket = await raw(docName, mallory)
    socket.send(writeAwareness(presence(adaId, { cursor: { field: 'name' }, note: 'I am Ada' }, 1000)))
    expect(await socket.closed).toEqual(CLOSE.AWARENESS_REFUSED)
    expect(bobSeesAda()).toEqual({ user: identity(ada), cursor: { field: 'phone' } })
  })

  test('removing Ada\'s presence (a null state for her client id) is refused, and Bob still sees her', async () => {
    const { docName, adaId, bobSeesAda } = await scene()
    const socket = await raw(docName, mallory)
    socket.send(writeAwareness(presence(adaId, null, 1000)))
    expect(await socket.closed).toEqual(CLOSE.AWARENESS_REFUSED)
    expect(bobSeesAda()?.user).toEqual(identity(ada))
  })

  test('for Ada\'s client id after she left is refused, and her presence is hers again when she returns', async () => {
    const { docName, adaClient, adaId, bobClient, bobSeesAda } = await scene()
    adaClient.provider.disconnect()
    await waitFor(() => bobSeesAda() === undefined, 'Ada’s presence to go')
    const socket = await raw(docName, mallory)
    socket.send(writeAwareness(presence(adaId, { cursor: { field: 'name' } }, 1000)))
    expect(await socket.closed).toEqual(CLOSE.AWARENESS_REFUSED)
    expect(bobSeesAda()).toBeUndefined()
    adaClient.provider.connect()
    await adaClient.whenSynced()
    // (Resent at the clock the server has already removed, her state waits for its next change or
    // the 15-second renewal, as with any y-protocols server; she moves her cursor.)
    adaClient.provider.awareness.setLocalStateField('cursor', { field: 'notes' })
    await waitFor(() => bobSeesAda()?.cursor !== undefined, 'Ada’s presence to come back')
    expect(bobSeesAda()).toEqual({ user: identity(ada), cursor: { field: 'notes' } })
    expect(adaClient.closes).toEqual([])
    expect(bobClient.closes).toEqual([])
  })

  test('for more client ids than one connection may speak for is refused', async () => {
    const { docName } = await scene()
    const socket = await raw(docName, mallory)
    for (let id = 1; id <= 5; id++) socket.send(writeAwareness(presence(9_000 + id, { n: id })))
    expect(await socket.closed).toEqual(CLOSE.AWARENESS_REFUSED)
  })

  test('Ada on a second socket, while the server still holds her first (a dropped network), keeps her presence', async () => {
    const { docName, bobClient } = await scene()
    const adaId = 777_001
    const first = await raw(docName, ada)
    first.send(writeAwareness(presence(adaId, { cursor: { field: 'name' } }, 1)))
    await waitFor(() => bobClient.provider.awareness.getStates().has(adaId), 'Bob to see Ada’s first socket')
    const second = await raw(docName, ada)
    second.send(writeAwareness(presence(adaId, { cursor: { field: 'notes' } }, 2)))
    await waitFor(() => bobClient.provider.awareness.getStates().get(adaId)?.cursor?.field === 'notes', 'Bob to see Ada’s second socket')
    expect(second.close).toBeNull()
    // When the server finally notices the first socket is gone, the presence of the second stays.
    first.end()
    await sleep(100)
    expect(bobClient.provider.awareness.getStates().get(adaId)).toEqual({ user: identity(ada), cursor: { field: 'notes' } })
    expect(second.close).toBeNull()
  })
})
