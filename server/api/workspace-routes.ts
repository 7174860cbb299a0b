/**
 * /api/workspaces: create a workspace, members and roles, invitations by single-use expiring
 * links, API tokens (shown once), and which record types are private. Only people (sessions)
 * manage workspaces; API tokens are for the record API. Someone who is not a member gets 404 for
 * every route of a workspace, the same as for a workspace that does not exist.
 */
import { Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import { CLOSE } from '../../shared/errors'
import { isRole, type GrantableRole, type MembershipChange, type Role } from '../auth/auth-store'
import type { Principal } from '../auth/principal'
import { seedWorkspace } from '../domain/seed-workspace'
import type { Services } from '../services'
import type { AppEnv } from './app-env'
import { fieldErrors, jsonBody } from './validation'

const INVITATION_TTL_MS = 7 * 24 * 3600 * 1000
const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 }

type UserPrincipal = Extract<Principal, { kind: 'user' }>

export function workspaceRoutes(services: Services) {
  const { auth, access } = services
  const app = new Hono<AppEnv>()

  const signedIn = (principal: Principal | null): UserPrincipal => {
    if (principal?.kind !== 'user') throw new HTTPException(401, { message: 'Sign in to manage workspaces.' })
    return principal
  }

  const roleIn = async (principal: UserPrincipal, workspaceId: string): Promise<Role> => {
    const role = await access.role(principal, workspaceId)
    if (!role) throw new HTTPException(404, { message: 'No such workspace.' })
    return role
  }

  const mustManage = async (principal: UserPrincipal, workspaceId: string): Promise<Role> => {
    const role = await roleIn(principal, workspaceId)
    if (!access.canManage(role)) throw new HTTPException(403, { message: 'Only owners and admins can do this.' })
    return role
  }

  // The last-owner check happens inside the change itself, atomically (see auth-store).
  const keptAnOwner = (change: MembershipChange) => {
    if (change === 'not-member') throw new HTTPException(404, { message: 'No such member.' })
    if (change === 'last-owner') throw new HTTPException(409, { message: 'A workspace needs at least one owner: make someone else owner first.' })
  }

  const grantable = (value: unknown, field: string): GrantableRole => {
    if (value === 'admin' || value === 'member' || value === 'viewer') return value
    throw new HTTPException(400, { message: `${field} must be admin, member or viewer.` })
  }

  app.post('/workspaces', async (c) => {
    const principal = signedIn(c.get('principal'))
    const body = await jsonBody(c)
    const v = fieldErrors()
    const name = v.string(body, 'name', { min: 1, max: 100 }).trim()
    v.check()
    const id = await auth.createWorkspace(principal.user.id, name)
    await seedWorkspace(services, id) // the relationship role catalog
    return c.json({ id, name, role: 'owner' }, 201)
  })

  app.get('/workspaces/:ws/members', async (c) => {
    const principal = signedIn(c.get('principal'))
    await roleIn(principal, c.req.param('ws'))
    return c.json({ members: await auth.members(c.req.param('ws')) })
  })

  app.patch('/workspaces/:ws/members/:userId', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    const myRole = await mustManage(principal, workspaceId)
    const body = await jsonBody(c)
    if (!isRole(body.role)) throw new HTTPException(400, { message: 'role must be owner, admin, member or viewer.' })
    const target = c.req.param('userId')
    const current = await auth.roleOf(target, workspaceId)
    if (!current) throw new HTTPException(404, { message: 'No such member.' })
    if (RANK[body.role] > RANK[myRole] || RANK[current] > RANK[myRole]) throw new HTTPException(403, { message: 'You cannot grant or change a role above your own.' })
    keptAnOwner(await auth.setRole(workspaceId, target, body.role))
    await access.changed(workspaceId, target)
    return c.json({ userId: target, role: body.role })
  })

  app.delete('/workspaces/:ws/members/:userId', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    const target = c.req.param('userId')
    const myRole = target === principal.user.id ? await roleIn(principal, workspaceId) : await mustManage(principal, workspaceId)
    const current = await auth.roleOf(target, workspaceId)
    if (!current) throw new HTTPException(404, { message: 'No such member.' })
    if (target !== principal.user.id && RANK[current] > RANK[myRole]) throw new HTTPException(403, { message: 'You cannot remove someone with a role above your own.' })
    keptAnOwner(await auth.removeMember(workspaceId, target))
    await access.changed(workspaceId, target)
    return c.body(null, 204)
  })

  app.post('/workspaces/:ws/invitations', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    await mustManage(principal, workspaceId)
    const body = await jsonBody(c)
    const role = grantable(body.role ?? 'member', 'role')
    const invitation = await auth.createInvitation(workspaceId, role, principal.user.id, INVITATION_TTL_MS)
    const url = new URL(`/invite/${invitation.token}`, c.req.url).toString()
    return c.json({ url, token: invitation.token, role, expiresAt: invitation.expiresAt.toISOString() }, 201)
  })

  app.post('/invitations/:token/accept', async (c) => {
    const principal = signedIn(c.get('principal'))
    const joined = await auth.acceptInvitation(c.req.param('token'), principal.user.id)
    if (!joined) throw new HTTPException(404, { message: 'This invitation is unknown, used or expired. Ask for a new one.' })
    await access.changed(joined.workspaceId, principal.user.id)
    return c.json(joined)
  })

  app.post('/workspaces/:ws/tokens', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    const myRole = await roleIn(principal, workspaceId)
    if (myRole === 'viewer') throw new HTTPException(403, { message: 'Viewers cannot create API tokens.' })
    const body = await jsonBody(c)
    const v = fieldErrors()
    const name = v.string(body, 'name', { min: 1, max: 100 }).trim()
    v.check()
    const role = grantable(body.role ?? 'member', 'role')
    if (RANK[role] > RANK[myRole]) throw new HTTPException(403, { message: 'A token cannot have a role above your own.' })
    const created = await auth.createApiToken({ workspaceId, role, name, createdBy: principal.user.id })
    return c.json({ id: created.id, token: created.token, name, role, note: 'This token is shown once. Store it now.' }, 201)
  })

  app.get('/workspaces/:ws/tokens', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    const role = await roleIn(principal, workspaceId)
    const tokens = await auth.apiTokens(workspaceId)
    return c.json({ tokens: access.canManage(role) ? tokens : tokens.filter((t) => t.createdBy === principal.user.id) })
  })

  app.delete('/workspaces/:ws/tokens/:id', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    const role = await roleIn(principal, workspaceId)
    const token = (await auth.apiTokens(workspaceId)).find((t) => t.id === c.req.param('id'))
    if (!token || (!access.canManage(role) && token.createdBy !== principal.user.id)) throw new HTTPException(404, { message: 'No such token.' })
    await auth.revokeApiToken(workspaceId, token.id)
    for (const socket of services.connections.forToken(token.id)) socket.close(CLOSE.UNAUTHORIZED.code, CLOSE.UNAUTHORIZED.reason)
    return c.body(null, 204)
  })

  app.put('/workspaces/:ws/private-types', async (c) => {
    const principal = signedIn(c.get('principal'))
    const workspaceId = c.req.param('ws')
    await mustManage(principal, workspaceId)
    const body = await jsonBody(c)
    const types = body.types
    if (!Array.isArray(types) || types.length > 50 || !types.every((t) => typeof t === 'string' && /^[a-z][a-z0-9-]{0,39}$/.test(t))) {
      throw new HTTPException(400, { message: 'types must be a list of record type names, such as ["case", "opportunity"].' })
    }
    await auth.setPrivateTypes(workspaceId, [...new Set(types as string[])])
    await access.changed(workspaceId)
    return c.json({ types })
  })

  return app
}
