import type { ServerResponse } from 'node:http'
import { z } from 'zod'
import { SCENARIO_NAMES, type ScenarioName } from '../../contract/scenarios'
import type { SandboxContext } from './context'
import { sendJson } from './http'

/**
 * Failure scenarios (contract/scenarios.ts), armed for ONE Arcade user id at a time. The choice lives in the
 * sandbox store with a TTL, so with Redis every instance sees it; it changes only what the emulated Atlassian
 * or Arcade answers for that user, never anyone else's answers.
 */

export type { ScenarioName }

const scenarioKey = (userId: string) => `arc:scenario:${userId}`

/** How long an armed scenario lasts unless the visitor starts again without it. */
export const DEFAULT_SCENARIO_TTL_SECONDS = 30 * 60

/** Scenarios that act during consent or the code exchange: a grant the user already holds must not skip them. */
export const CONSENT_SCENARIOS: ReadonlySet<ScenarioName> = new Set<ScenarioName>([
  'redirect-mismatch',
  'app-not-shared',
  'scope-not-in-app',
  'consent-denied',
  'user-mismatch',
  'wrong-client-secret',
  'refresh-revoked',
  'scope-mismatch',
])

export async function armedScenario(ctx: SandboxContext, userId: string | undefined): Promise<ScenarioName | undefined> {
  if (!userId) return undefined
  const name = await ctx.store.get<string>(scenarioKey(userId))
  return (SCENARIO_NAMES as string[]).includes(name ?? '') ? (name as ScenarioName) : undefined
}

export const USER_ID_PATTERN = /^[A-Za-z0-9._@+:-]{1,128}$/
export const userIdSchema = z
  .string()
  .max(128, 'must be at most 128 characters')
  .regex(USER_ID_PATTERN, 'must be 1-128 letters, digits or . _ @ + : -')

export const scenarioControlBody = z
  .object({
    user_id: userIdSchema,
    /** null disarms. */
    scenario: z.enum(SCENARIO_NAMES as [ScenarioName, ...ScenarioName[]]).nullable(),
    ttl_seconds: z.number().int().min(1).max(24 * 60 * 60).optional(),
  })
  .strict()

export async function armScenario(ctx: SandboxContext, body: z.infer<typeof scenarioControlBody>): Promise<void> {
  if (body.scenario === null) await ctx.store.delete(scenarioKey(body.user_id))
  else await ctx.store.set(scenarioKey(body.user_id), body.scenario, (body.ttl_seconds ?? DEFAULT_SCENARIO_TTL_SECONDS) * 1000)
}

export async function sendScenarioState(ctx: SandboxContext, res: ServerResponse, userId: string, status = 200): Promise<void> {
  sendJson(res, status, { user_id: userId, scenario: (await armedScenario(ctx, userId)) ?? null })
}

