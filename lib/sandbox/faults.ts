import { randomUUID } from 'node:crypto'
import { z } from 'zod'

/** Every route the sandbox serves, by a stable name tests can target. */
export const ENDPOINTS = [
  'arcade.health',
  'arcade.authorize',
  'arcade.status',
  'arcade.confirm_user',
  'arcade.callback',
  'arcade.callback_success',
  'atlassian.authorize',
  'atlassian.token',
  'atlassian.accessible_resources',
  'atlassian.me',
  'jira.project_search',
  'jira.myself',
] as const
export type EndpointName = (typeof ENDPOINTS)[number]

export const faultRuleSchema = z
  .object({
    /** A route name, or `*` for every route. */
    endpoint: z.enum([...ENDPOINTS, '*']),
    kind: z.enum(['latency', 'rate_limit', 'server_error']),
    /** latency: how long to delay the request before handling it normally. */
    latencyMs: z.number().int().min(0).max(60_000).optional(),
    /** rate_limit: the Retry-After value, in seconds. */
    retryAfterSeconds: z.number().int().min(0).max(3600).optional(),
    /** server_error: the status to answer (500-599). */
    status: z.number().int().min(500).max(599).optional(),
    /** How many matching requests it affects; omitted = until cleared. */
    times: z.number().int().min(1).max(10_000).optional(),
  })
  .strict()
export type FaultRule = z.infer<typeof faultRuleSchema>
export interface ActiveFault extends FaultRule {
  id: string
}

/** What the router must do for one request once faults are applied. */
export interface FaultDecision {
  delayMs: number
  failure?: { kind: 'rate_limit'; retryAfterSeconds: number } | { kind: 'server_error'; status: number }
}

/**
 * Injected faults for tests and demos. Held in process memory on purpose: they are a test facility of one
 * sandbox instance, not shared state.
 */
export class FaultInjector {
  private rules: ActiveFault[] = []

  add(rule: FaultRule): ActiveFault {
    const active = { ...faultRuleSchema.parse(rule), id: randomUUID() }
    this.rules.push(active)
    return { ...active }
  }

  list(): ActiveFault[] {
    return this.rules.map((r) => ({ ...r }))
  }

  clear(): void {
    this.rules = []
  }

  /** Consume the rules matching this request: every latency adds up; the first failure wins. */
  decide(endpoint: EndpointName): FaultDecision {
    const decision: FaultDecision = { delayMs: 0 }
    for (const rule of this.rules) {
      if (rule.endpoint !== '*' && rule.endpoint !== endpoint) continue
      if (rule.kind === 'latency') decision.delayMs += rule.latencyMs ?? 1000
      else if (decision.failure) continue
      else if (rule.kind === 'rate_limit') decision.failure = { kind: 'rate_limit', retryAfterSeconds: rule.retryAfterSeconds ?? 1 }
      else decision.failure = { kind: 'server_error', status: rule.status ?? 503 }
      if (rule.times !== undefined) rule.times -= 1
    }
    this.rules = this.rules.filter((r) => r.times === undefined || r.times > 0)
    return decision
  }
}
