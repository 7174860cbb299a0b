/**
 * An invitation link is `/invite/<token>` (server/api/workspace-routes.ts); the server answers
 * every page path with the app, so the app reads the token from the path, accepts it once the
 * person is signed in, and goes on to the workspace they joined.
 */
import { ApiError } from '../../api/api-call'
import { workspaceApi } from '../../api/workspace-api'

const INVITE_PATH = /^\/invite\/([A-Za-z0-9_-]{8,200})\/?$/

/** The token of an invitation link's path, or null for any other path. */
export function invitationToken(pathname: string): string | null {
  return INVITE_PATH.exec(pathname)?.[1] ?? null
}

export type InvitationOutcome = { ok: true; workspaceId: string } | { ok: false; message: string }

export async function acceptInvitation(token: string): Promise<InvitationOutcome> {
  try {
    const joined = await workspaceApi.acceptInvitation(token)
    return { ok: true, workspaceId: joined.workspaceId }
  } catch (error) {
    return { ok: false, message: error instanceof ApiError ? error.message : 'The invitation could not be accepted.' }
  }
}
