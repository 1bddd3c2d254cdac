import { z } from 'zod'
import { ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID, FACTS } from '../contract/facts'

/** Everything the server reads from the environment, validated once at start-up. */
export interface SiteConfig {
  mode: 'sandbox' | 'live'
  /** Live mode only; in sandbox mode the key is the embedded emulator's own, not a secret. */
  arcadeApiKey?: string
  /** Live mode only: a self-hosted engine. Undefined means the SDK's default (Arcade Cloud). */
  arcadeBaseUrl?: string
  /** The default provider id: ARCADE_PROVIDER_ID, else the first of ARCADE_PROVIDER_IDS. */
  providerId: string
  /** The provider ids a visitor may start, the default first (ARCADE_PROVIDER_IDS; default just providerId). */
  providerIds: string[]
  /** Live mode only; sandbox mode points at the embedded emulator. */
  atlassianApiBase: string
  sessionSecret: string
  longPollSeconds: number
  flowTtlSeconds: number
  /** How long one upstream request (Arcade, Atlassian) may take beyond any long-poll wait it asked for. */
  upstreamTimeoutSeconds: number
  /** Shared state for several instances; undefined means one instance with in-memory state. */
  redisUrl?: string
  /** Prepended to every Redis key and channel, so deployments can share one Redis. */
  redisKeyPrefix: string
  /** Requests per minute on the playground routes, per visitor and per client address. */
  rateLimitPerMinute: number
  rateLimitPerIpPerMinute: number
  /** How many proxies in front append to X-Forwarded-For (0: the header is ignored, the socket address counts). */
  trustProxyHops: number
  /** The site's public origin for absolute links (sitemap, robots, llms.txt); undefined: the request's host. */
  siteUrl?: string
  /** Live mode: serve the MCP tool list_projects (MCP_LIVE_LIST_PROJECTS=1; off by default, see README). */
  mcpLiveListProjects: boolean
  /** Live mode only: the operator's credential for the set-up check (sent as `Authorization: Bearer`); unset: the check is off. */
  doctorToken?: string
  /** Open connections one client address may hold (enforced by the server only with TRUST_PROXY=0). */
  connectionsPerAddress: number
}

const KNOWN = [
  'ARCADE_API_KEY',
  'ARCADE_BASE_URL',
  'ARCADE_PROVIDER_ID',
  'ARCADE_PROVIDER_IDS',
  'ARCADE_LOG',
  'ARCADE_USER_ID',
  'ATLASSIAN_API_BASE',
  'SESSION_SECRET',
  'PLAYGROUND_LONGPOLL_SECONDS',
  'PLAYGROUND_FLOW_TTL_SECONDS',
  'PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS',
  'REDIS_URL',
  'REDIS_KEY_PREFIX',
  'RATE_LIMIT_PER_MINUTE',
  'RATE_LIMIT_PER_IP_PER_MINUTE',
  'TRUST_PROXY',
  'SITE_URL',
  'MCP_LIVE_LIST_PROJECTS',
  'DOCTOR_TOKEN',
  'CONNECTIONS_PER_ADDRESS'
] as const

const httpUrl = (name: string) =>
  z
    .string()
    .url(`${name} must be a full URL such as https://api.arcade.dev`)
    .refine((v) => /^https?:\/\//.test(v), `${name} must start with http:// or https://`)
    // A URL with credentials in it would be printed at start-up and sent in every trace.
    .refine((v) => !/^https?:\/\/[^/?#]*@/.test(v), `${name} must not contain a user name or password`)
    .transform((v) => v.replace(/\/+$/, ''))

const PROVIDER_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/

const perMinute = (name: string) =>
  z.coerce
    .number({ invalid_type_error: `${name} must be a number of requests per minute` })
    .int(`${name} must be a whole number`)
    .min(1, `${name} must be at least 1`)
    .max(1_000_000, `${name} must be at most 1000000`)

const schema = z.object({
  ARCADE_API_KEY: z
    .string()
    .trim()
    .min(8, 'ARCADE_API_KEY looks too short to be an Arcade key')
    .refine((v) => !/\s/.test(v), 'ARCADE_API_KEY must not contain spaces')
    .optional(),
  ARCADE_BASE_URL: httpUrl('ARCADE_BASE_URL').optional(),
  ARCADE_PROVIDER_ID: z
    .string()
    .regex(PROVIDER_ID, 'ARCADE_PROVIDER_ID must be a provider id such as "atlassian" or "my-atlassian-provider"')
    .optional(),
  ARCADE_PROVIDER_IDS: z
    .string()
    .transform((v) => v.split(',').map((id) => id.trim()))
    .superRefine((ids, ctx) => {
      const bad = ids.filter((id) => !PROVIDER_ID.test(id))
      if (bad.length > 0) {
        const shown = bad.map((id) => (id === '' ? '(an empty entry)' : JSON.stringify(id.slice(0, 70)))).join(', ')
        ctx.addIssue({ code: 'custom', message: `ARCADE_PROVIDER_IDS must be provider ids separated by commas, such as "atlassian,my-atlassian-provider"; not a provider id: ${shown}` })
      }
      const repeated = ids.filter((id, i) => ids.indexOf(id) !== i)
      if (repeated.length > 0) ctx.addIssue({ code: 'custom', message: `ARCADE_PROVIDER_IDS names ${[...new Set(repeated)].join(', ')} more than once` })
      if (ids.length > 20) ctx.addIssue({ code: 'custom', message: 'ARCADE_PROVIDER_IDS may name at most 20 provider ids' })
    })
    .optional(),
  ATLASSIAN_API_BASE: httpUrl('ATLASSIAN_API_BASE').optional(),
  SITE_URL: httpUrl('SITE_URL').optional(),
  MCP_LIVE_LIST_PROJECTS: z.enum(['0', '1'], { errorMap: () => ({ message: 'MCP_LIVE_LIST_PROJECTS must be 0 (off, the default) or 1 (serve list_projects over /mcp in live mode)' }) }).default('0'),
  DOCTOR_TOKEN: z
    .string()
    .min(32, 'DOCTOR_TOKEN must be at least 32 characters (e.g. `openssl rand -hex 32`): it opens the set-up check to whoever holds it')
    .max(256, 'DOCTOR_TOKEN must be at most 256 characters')
    .refine((v) => /^[\x21-\x7e]+$/.test(v), 'DOCTOR_TOKEN must be printable ASCII without spaces (it is sent in an Authorization header)')
    .optional(),
  SESSION_SECRET: z.string().min(32, 'SESSION_SECRET must be at least 32 characters (e.g. `openssl rand -hex 32`)').optional(),
  PLAYGROUND_LONGPOLL_SECONDS: z.coerce
    .number({ invalid_type_error: 'PLAYGROUND_LONGPOLL_SECONDS must be a number of seconds' })
    .int('PLAYGROUND_LONGPOLL_SECONDS must be a whole number')
    .min(1, 'PLAYGROUND_LONGPOLL_SECONDS must be at least 1')
    .max(25, 'PLAYGROUND_LONGPOLL_SECONDS must be at most 25 (one request must fit a serverless function)')
    // The samples' wait, so the panel's generated code waits as the panel does.
    .default(FACTS.statusWaitSeconds.value),
  PLAYGROUND_FLOW_TTL_SECONDS: z.coerce
    .number({ invalid_type_error: 'PLAYGROUND_FLOW_TTL_SECONDS must be a number of seconds' })
    .int()
    .min(30, 'PLAYGROUND_FLOW_TTL_SECONDS must be at least 30')
    .max(3600, 'PLAYGROUND_FLOW_TTL_SECONDS must be at most 3600')
    .default(FACTS.flowLifetimeMinutes.value * 60),
  PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS: z.coerce
    .number({ invalid_type_error: 'PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be a number of seconds' })
    .int('PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be a whole number')
    .min(1, 'PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be at least 1')
    .max(30, 'PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be at most 30 (a long-poll plus this must fit one request)')
    .default(10),
  REDIS_URL: z
    .string()
    .url('REDIS_URL must be a URL such as redis://127.0.0.1:6379 or rediss://user:password@host:6380')
    .refine((v) => /^rediss?:\/\//.test(v), 'REDIS_URL must start with redis:// or rediss://')
    .optional(),
  REDIS_KEY_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9:._-]{1,64}$/, 'REDIS_KEY_PREFIX must be 1-64 letters, digits or : . _ -')
    .default('atlassian-playground:'),
  RATE_LIMIT_PER_MINUTE: perMinute('RATE_LIMIT_PER_MINUTE').default(120),
  RATE_LIMIT_PER_IP_PER_MINUTE: perMinute('RATE_LIMIT_PER_IP_PER_MINUTE').default(600),
  TRUST_PROXY: z.coerce
    .number({ invalid_type_error: 'TRUST_PROXY must be the number of proxies in front of the site (0, 1, 2...)' })
    .int('TRUST_PROXY must be a whole number of proxies')
    .min(0, 'TRUST_PROXY must be 0 or more')
    .max(10, 'TRUST_PROXY must be at most 10')
    .default(0),
  CONNECTIONS_PER_ADDRESS: z.coerce
    .number({ invalid_type_error: 'CONNECTIONS_PER_ADDRESS must be a number of connections' })
    .int('CONNECTIONS_PER_ADDRESS must be a whole number')
    .min(8, 'CONNECTIONS_PER_ADDRESS must be at least 8 (a browser opens six per site)')
    .max(100_000, 'CONNECTIONS_PER_ADDRESS must be at most 100000')
    .default(256)
})

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`)
    this.name = 'ConfigError'
  }
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]
    row[0] = i
    for (let j = 1; j <= b.length; j++) {
      const current = row[j]
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1))
      prev = current
    }
  }
  return row[b.length]
}

/** Names that look like a misspelling of one we read: silently ignoring them would run the wrong mode. */
function misspelledNames(env: Record<string, string | undefined>): string[] {
  const problems: string[] = []
  for (const name of Object.keys(env)) {
    if ((KNOWN as readonly string[]).includes(name)) continue
    const near = KNOWN.find((known) => editDistance(name, known) <= 2)
    const ourPrefix = /^(ARCADE|ATLASSIAN|PLAYGROUND|RATE_LIMIT|MCP_LIVE)_/.test(name)
    if (near) problems.push(`${name} is not a setting this site reads; did you mean ${near}?`)
    else if (ourPrefix) problems.push(`${name} is not a setting this site reads (known: ${KNOWN.join(', ')})`)
  }
  return problems
}

/** Reads and validates the environment; throws ConfigError naming every bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): SiteConfig {
  const problems = misspelledNames(env)
  const present = Object.fromEntries(Object.entries(env).filter(([k, v]) => (KNOWN as readonly string[]).includes(k) && v !== ''))
  const parsed = schema.safeParse(present)
  if (!parsed.success) problems.push(...parsed.error.issues.map((i) => i.message))
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems)

  const vars = parsed.data
  const live = vars.ARCADE_API_KEY !== undefined
  if (!live) {
    if (vars.ARCADE_BASE_URL) problems.push('ARCADE_BASE_URL is set but ARCADE_API_KEY is not: set both for live mode, or neither for sandbox mode')
    if (vars.ATLASSIAN_API_BASE) problems.push('ATLASSIAN_API_BASE only applies in live mode (with ARCADE_API_KEY)')
    if (vars.DOCTOR_TOKEN) problems.push('DOCTOR_TOKEN only applies in live mode (with ARCADE_API_KEY): in sandbox mode the set-up check is open to everyone')
  } else if (!vars.SESSION_SECRET) {
    problems.push('SESSION_SECRET is required in live mode: 32+ random characters (e.g. `openssl rand -hex 32`), the same on every instance')
  }
  // By default the documented ways of naming one Atlassian provider: its kind, and in sandbox mode also the
  // embedded provider's unique ID (contract/facts.ts `providerChoice`).
  const defaultIds = live ? [ATLASSIAN_PROVIDER_KIND] : [ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID]
  const providerIds = vars.ARCADE_PROVIDER_IDS ?? (vars.ARCADE_PROVIDER_ID ? [vars.ARCADE_PROVIDER_ID] : defaultIds)
  const providerId = vars.ARCADE_PROVIDER_ID ?? providerIds[0]
  if (!providerIds.includes(providerId)) {
    problems.push(`ARCADE_PROVIDER_ID (${providerId}) must be one of ARCADE_PROVIDER_IDS (${providerIds.join(', ')}): it is the default a visitor starts with`)
  }
  if (vars.REDIS_URL && !vars.SESSION_SECRET) {
    // Each instance would otherwise invent its own secret and refuse the others' cookies.
    problems.push('SESSION_SECRET is required with REDIS_URL: several instances must read each other\'s cookies, so set the same 32+ character secret on every instance')
  }
  if (problems.length > 0) throw new ConfigError(problems)

  return {
    mode: live ? 'live' : 'sandbox',
    arcadeApiKey: vars.ARCADE_API_KEY,
    arcadeBaseUrl: live ? vars.ARCADE_BASE_URL : undefined,
    providerId,
    providerIds: [providerId, ...providerIds.filter((id) => id !== providerId)],
    atlassianApiBase: vars.ATLASSIAN_API_BASE ?? 'https://api.atlassian.com',
    // Sandbox sessions only need to outlive this process, so a fresh random secret is fine there.
    sessionSecret: vars.SESSION_SECRET ?? randomSecret(),
    longPollSeconds: vars.PLAYGROUND_LONGPOLL_SECONDS,
    flowTtlSeconds: vars.PLAYGROUND_FLOW_TTL_SECONDS,
    upstreamTimeoutSeconds: vars.PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS,
    redisUrl: vars.REDIS_URL,
    redisKeyPrefix: vars.REDIS_KEY_PREFIX,
    rateLimitPerMinute: vars.RATE_LIMIT_PER_MINUTE,
    rateLimitPerIpPerMinute: vars.RATE_LIMIT_PER_IP_PER_MINUTE,
    trustProxyHops: vars.TRUST_PROXY,
    siteUrl: vars.SITE_URL,
    mcpLiveListProjects: vars.MCP_LIVE_LIST_PROJECTS === '1',
    doctorToken: live ? vars.DOCTOR_TOKEN : undefined,
    connectionsPerAddress: vars.CONNECTIONS_PER_ADDRESS
  }
}

function randomSecret(): string {
  const bytes = new Uint8Array(32)
  crypto.getRandomValues(bytes)
  return Buffer.from(bytes).toString('hex')
}

const CONFIG = Symbol.for('arcade-atlassian-playground.config')

/** The process-wide config (kept on globalThis: Next may load this module once per route bundle). */
export function getConfig(): SiteConfig {
  const store = globalThis as unknown as Record<symbol, SiteConfig | undefined>
  return (store[CONFIG] ??= loadConfig())
}

/** Re-reads the environment (tests switch between sandbox and live set-ups in one process). */
export function reloadConfig(): SiteConfig {
  const store = globalThis as unknown as Record<symbol, SiteConfig | undefined>
  return (store[CONFIG] = loadConfig())
}
