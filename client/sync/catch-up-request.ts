/**
 * Sends one batched catch-up request (`shared/protocol/catch-up.ts`) and parses the answer at the
 * boundary. Failures become a `CatchUpError` whose message a person can read.
 */
import { CatchUpFormatError, readCatchUpResponse, writeCatchUpRequest, type CatchUpRequestDoc, type CatchUpResponseDoc } from '../../shared/protocol/catch-up'

export class CatchUpError extends Error {
  override readonly name = 'CatchUpError'
}

/** `beforeRead` runs between the answer's arrival and its parsing (the prefetcher waits for the user to be idle). */
export async function postCatchUp(
  fetchFn: typeof fetch, serverUrl: string, workspaceId: string, docs: CatchUpRequestDoc[], beforeRead?: () => Promise<void>,
): Promise<CatchUpResponseDoc[]> {
  const url = `${serverUrl}/api/sync/${encodeURIComponent(workspaceId)}/catch-up`
  let response: Response
  try {
    response = await fetchFn(url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: writeCatchUpRequest(docs) as Uint8Array<ArrayBuffer>,
      credentials: 'same-origin',
    })
  } catch (error) {
    throw new CatchUpError(`The server could not be reached to catch up (${(error as Error).message}).`)
  }
  if (!response.ok) throw new CatchUpError(`The server refused to catch up (${response.status}): ${await errorMessage(response)}`)
  const bytes = new Uint8Array(await response.arrayBuffer())
  await beforeRead?.()
  let answers: CatchUpResponseDoc[]
  try {
    answers = readCatchUpResponse(bytes)
  } catch (error) {
    if (error instanceof CatchUpFormatError) throw new CatchUpError(`The server's catch-up answer cannot be read: ${error.message}`)
    throw error
  }
  const asked = new Set(docs.map((d) => d.name))
  const stray = answers.find((a) => !asked.has(a.name))
  if (stray) throw new CatchUpError(`The server's catch-up answer names a document that was not asked for (${stray.name}).`)
  return answers
}

async function errorMessage(response: Response): Promise<string> {
  const text = await response.text().catch(() => '')
  try {
    const body = JSON.parse(text) as { error?: { message?: unknown } }
    if (typeof body.error?.message === 'string') return body.error.message
  } catch {
    // Not our JSON error shape: show the start of whatever came.
  }
  return text.slice(0, 200) || response.statusText
}
