/**
 * Which plan an account uses. One plan per account is the app's habit, but two people can each make
 * one offline at once, and both are kept (nothing anyone wrote is thrown away): everyone then opens
 * the oldest, so the team meets on one page. Ids are UUIDv7, made when the plan was created, so the
 * smallest id is the oldest plan, the same on every device whatever order the plans arrived in.
 */
export interface PlanCandidate {
  id: string
  accountId: unknown
  deleted?: boolean
}

/** The plans of `accountId`, oldest first; `pickPlan` is the first of them. */
export function plansOfAccount(candidates: Iterable<PlanCandidate>, accountId: string): string[] {
  const ids = new Set<string>()
  for (const c of candidates) if (c.accountId === accountId && c.deleted !== true) ids.add(c.id)
  return [...ids].sort()
}

export function pickPlan(candidates: Iterable<PlanCandidate>, accountId: string): string | null {
  return plansOfAccount(candidates, accountId)[0] ?? null
}
