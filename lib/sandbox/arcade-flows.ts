import type { SandboxContext } from './context'

/**
 * Arcade's authorization flows as the sandbox stores them, shared by Arcade's API (arcade-api.ts) and by the
 * emulated Atlassian, which reads the pending flow a `state` belongs to in order to know who is signed in
 * (an emulator shortcut: real Atlassian knows its user from its own login cookie).
 */

export type AuthStatus = 'pending' | 'completed' | 'failed'

/** Tokens Arcade holds for one user and provider record. */
export type HeldGrant = {
  accessToken: string
  refreshToken?: string
  scopes: string[]
  expiresAt: number
  accountId: string
}

export type Flow = {
  id: string
  status: AuthStatus
  userId: string
  providerId: string
  /** The scopes the caller asked for, as echoed while the flow is pending. */
  scopes: string[]
  /** The scopes of the grant the flow ended with (what the token carries). */
  grantedScopes?: string[]
  url?: string
  /** The `state` sent to Atlassian, so evicting the flow can drop it too. */
  state?: string
  nextUri?: string
  /** Where the flow is: waiting for consent, for confirm_user, for the browser at next_uri, or done. */
  stage: 'consent' | 'verification' | 'next_uri' | 'done'
  verifyDeadline?: number
  verifierFlowId?: string
  /** Tokens obtained at the callback, held back until the verifier hop completes. */
  heldGrant?: HeldGrant
  token?: string
  accountId?: string
  /** Why Arcade asks for consent again (shown on the consent page), e.g. a refused refresh. */
  notice?: string
}

export const flowKey = (id: string) => `arc:flow:${id}`
export const stateKey = (state: string) => `arc:state:${state}`
export const verifierKey = (flowId: string) => `arc:verify:${flowId}`
export const flowChannel = (id: string) => `arc:flow:${id}`
const userFlowsKey = (userId: string) => `arc:user-flows:${userId}`

/** The most flows one user id keeps; starting more evicts the oldest (bounds what one visitor can make the server hold). */
export const MAX_FLOWS_PER_USER = 20

export async function readFlow(ctx: SandboxContext, id: string): Promise<Flow | undefined> {
  return ctx.store.get<Flow>(flowKey(id))
}

export async function saveFlow(ctx: SandboxContext, flow: Flow): Promise<void> {
  await ctx.store.set(flowKey(flow.id), flow, ctx.config.ttl.flowSeconds * 1000)
  await ctx.store.publish(flowChannel(flow.id))
}

/** Remember a new flow under its user; past the cap, the user's oldest flows (and their state and verifier keys) go. */
export async function trackUserFlow(ctx: SandboxContext, userId: string, flowId: string): Promise<void> {
  const ids = [...((await ctx.store.get<string[]>(userFlowsKey(userId))) ?? []).filter((id) => id !== flowId), flowId]
  const evicted = ids.splice(0, Math.max(0, ids.length - MAX_FLOWS_PER_USER))
  await ctx.store.set(userFlowsKey(userId), ids, ctx.config.ttl.flowSeconds * 1000)
  for (const id of evicted) {
    const flow = await ctx.store.take<Flow>(flowKey(id))
    if (flow?.state) await ctx.store.delete(stateKey(flow.state))
    if (flow?.verifierFlowId) await ctx.store.delete(verifierKey(flow.verifierFlowId))
  }
}

/** The Arcade flow that is waiting for consent under this `state`, or undefined (unknown, used, or expired). */
export async function pendingFlowForState(ctx: SandboxContext, state: string): Promise<Flow | undefined> {
  if (!state) return undefined
  const id = await ctx.store.get<string>(stateKey(state))
  const flow = id ? await readFlow(ctx, id) : undefined
  return flow && flow.status === 'pending' && flow.stage === 'consent' ? flow : undefined
}
