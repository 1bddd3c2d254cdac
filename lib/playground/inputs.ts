import { z } from 'zod'
import { SCOPE_NAMES } from '../../contract/scopes'
import { SCENARIO_NAMES, type ScenarioName } from '../../contract/scenarios'

export const flowIdSchema = z
  .string({ required_error: 'flowId is required' })
  .min(1, 'flowId is required')
  .max(200, 'flowId is too long')
  .regex(/^[A-Za-z0-9_-]+$/, 'flowId must be the id the start step returned')

const scope = z.enum(SCOPE_NAMES as [string, ...string[]], {
  errorMap: () => ({ message: `each scope must be one of: ${SCOPE_NAMES.join(', ')}` })
})

export const startInput = z
  .object({
    scopes: z.array(scope, { required_error: 'scopes is required', invalid_type_error: 'scopes must be a list' }).min(1, 'choose at least one scope').max(SCOPE_NAMES.length),
    providerId: z
      .string({ invalid_type_error: 'providerId must be a string' })
      .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'providerId must be a provider id such as "atlassian" (letters, digits, . _ -)')
      .optional(),
    scenario: z
      .enum(SCENARIO_NAMES as [ScenarioName, ...ScenarioName[]], {
        errorMap: () => ({ message: `scenario must be one of: ${SCENARIO_NAMES.join(', ')}` })
      })
      .optional()
  })
  .strict()

export const statusInput = z
  .object({
    flowId: flowIdSchema,
    wait: z.coerce
      .number({ invalid_type_error: 'wait must be a number of seconds' })
      .int('wait must be a whole number of seconds')
      .min(0, 'wait must be 0 or more')
      .max(59, 'wait must be at most 59')
      .default(0)
  })
  .strict()

const bounded = (name: string, min: number, max: number, fallback: number) =>
  z
    .number({ invalid_type_error: `${name} must be a number` })
    .int(`${name} must be a whole number`)
    .min(min, `${name} must be at least ${min}`)
    .max(max, `${name} must be at most ${max}`)
    .default(fallback)

export const jiraInput = z
  .object({
    flowId: flowIdSchema,
    cloudId: z.string().regex(/^[A-Za-z0-9-]{1,64}$/, 'cloudId must be a site id from the sites list').optional(),
    query: z.string({ invalid_type_error: 'query must be a string' }).max(100, 'query must be at most 100 characters').default(''),
    startAt: bounded('startAt', 0, 10_000, 0),
    maxResults: bounded('maxResults', 1, 100, 10),
    site: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9.-]{0,99}$/, 'site must be a site name such as acme-robotics').optional(),
    parts: z.array(z.enum(['sites', 'projects', 'profile'])).min(1).max(3).optional(),
    action: z.enum(['run', 'page', 'search', 'site']).optional()
  })
  .strict()

export const verifyInput = z.object({
  flow_id: z
    .string({ required_error: 'flow_id is required: this page is opened by Arcade after consent' })
    .min(1, 'flow_id is required')
    .max(200, 'flow_id is too long')
    .regex(/^[A-Za-z0-9_-]+$/, 'flow_id is not a valid flow id')
})
