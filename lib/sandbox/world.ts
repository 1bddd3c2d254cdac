/**
 * The sandbox's fictional Atlassian world: sites, projects, categories and people. Everything is generated
 * from the small seed lists below with a seeded PRNG, so every run (and every test) sees the same data.
 * Responses are rendered from these records by the code that serves them (jira.ts, atlassian-api.ts).
 */

import { personForAccount } from './accounts'

export type ProjectTypeKey = 'software' | 'service_desk' | 'business'

export interface Person {
  accountId: string
  displayName: string
  email: string
  nickname: string
  timeZone: string
  locale: string
  jobTitle: string
  department: string
  organization: string
  location: string
}

export interface ProjectCategoryRecord {
  id: string
  name: string
  description: string
}

export interface ProjectRecord {
  id: string
  key: string
  name: string
  description: string
  projectTypeKey: ProjectTypeKey
  /** Team-managed ("next-gen") projects are `simplified` and carry a uuid. */
  style: 'classic' | 'next-gen'
  uuid?: string
  categoryId?: string
  leadAccountId: string
  totalIssueCount: number
  lastIssueUpdateTime: string
}

export interface SiteRecord {
  /** The cloud id used in `/ex/jira/{cloudId}`. */
  cloudId: string
  name: string
  url: string
  categories: ProjectCategoryRecord[]
  projects: ProjectRecord[]
}

export interface World {
  /** The fixture people (project leads); visitors sign in as accounts of their own (accounts.ts). */
  people: Person[]
  sites: SiteRecord[]
}

/** mulberry32: a tiny, well-known seeded PRNG; enough for deterministic fixture data. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

/** A v4-shaped UUID drawn from the seeded PRNG, so ids are stable across runs. */
function seededUuid(random: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16))
  hex[12] = '4'
  hex[16] = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16)
  const s = hex.join('')
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`
}

const PEOPLE: Array<Omit<Person, 'accountId'>> = [
  { displayName: 'Riley Chen', email: 'riley.chen@example.com', nickname: 'rchen', timeZone: 'Europe/Berlin', locale: 'en-US', jobTitle: 'Engineering Manager', department: 'Platform', organization: 'Acme Robotics', location: 'Berlin' },
  { displayName: 'Amara Okafor', email: 'amara.okafor@example.com', nickname: 'aokafor', timeZone: 'Africa/Lagos', locale: 'en-GB', jobTitle: 'Product Lead', department: 'Product', organization: 'Acme Robotics', location: 'Lagos' },
  { displayName: 'Tomás Herrera', email: 'tomas.herrera@example.com', nickname: 'therrera', timeZone: 'America/Mexico_City', locale: 'es-MX', jobTitle: 'Support Manager', department: 'Customer Operations', organization: 'Acme Robotics', location: 'Mexico City' },
  { displayName: 'Hana Sato', email: 'hana.sato@example.com', nickname: 'hsato', timeZone: 'Asia/Tokyo', locale: 'ja-JP', jobTitle: 'Hardware Engineer', department: 'Hardware', organization: 'Acme Robotics', location: 'Tokyo' },
]

const CATEGORY_SEEDS: Array<{ name: string; description: string; types: ProjectTypeKey[]; areas: string[] }> = [
  {
    name: 'Engineering',
    description: 'Product engineering teams',
    types: ['software', 'business', 'service_desk'],
    areas: ['Payments', 'Checkout', 'Identity', 'Search', 'Mobile', 'Billing', 'Platform', 'Data', 'Observability', 'Infrastructure', 'Release', 'Design System'],
  },
  {
    name: 'Hardware',
    description: 'Robots, firmware and the fleet',
    types: ['software', 'business'],
    areas: ['Firmware', 'Vision', 'Telemetry', 'Fleet', 'Warehouse'],
  },
  {
    name: 'Customer Operations',
    description: 'Support and success',
    types: ['service_desk', 'business'],
    areas: ['Support', 'IT', 'Customer Success', 'Onboarding', 'Partner'],
  },
  {
    name: 'Go-to-Market',
    description: 'Marketing, docs and events',
    types: ['business', 'software'],
    areas: ['Marketing', 'Analytics', 'Docs', 'Events'],
  },
  {
    name: 'Corporate',
    description: 'Running the company',
    types: ['business', 'service_desk'],
    areas: ['Legal', 'Finance', 'Procurement', 'Recruiting', 'Security', 'Facilities'],
  },
]

const NAME_SUFFIXES: Record<ProjectTypeKey, string[]> = {
  software: ['Core', 'Service', 'App', 'API', 'Platform'],
  service_desk: ['Help Desk', 'Requests', 'Service Desk'],
  business: ['Roadmap', 'Operations', 'Planning', 'Tracker'],
}

const TYPE_BLURB: Record<ProjectTypeKey, string> = {
  software: 'Software development',
  service_desk: 'Requests and incidents',
  business: 'Work tracking',
}

/** A Jira-style project key: first letters of the name, made unique within the site. */
function projectKey(name: string, taken: Set<string>): string {
  const words = name.toUpperCase().replace(/[^A-Z ]/g, '').split(/\s+/).filter(Boolean)
  const base = (words[0]!.slice(0, 3) + words.slice(1).map((w) => w[0]).join('')).slice(0, 8)
  let key = base
  for (let n = 2; taken.has(key); n++) key = `${base}${n}`
  taken.add(key)
  return key
}

/** The fixed "now" the fixture dates count back from, so the data does not drift with the clock. */
const FIXTURE_EPOCH = Date.UTC(2026, 10, 20, 9, 30)

function makeProject(
  random: () => number,
  id: number,
  name: string,
  projectTypeKey: ProjectTypeKey,
  taken: Set<string>,
  leads: Person[],
  categoryId?: string,
): ProjectRecord {
  const style = random() < 0.3 ? 'next-gen' : 'classic'
  const daysAgo = Math.floor(random() * 120)
  return {
    id: String(id),
    key: projectKey(name, taken),
    name,
    description: `${TYPE_BLURB[projectTypeKey]} for ${name}.`,
    projectTypeKey,
    style,
    uuid: style === 'next-gen' ? seededUuid(random) : undefined,
    categoryId,
    leadAccountId: leads[Math.floor(random() * leads.length)]!.accountId,
    totalIssueCount: Math.floor(random() * 2400),
    lastIssueUpdateTime: new Date(FIXTURE_EPOCH - daysAgo * 86_400_000 - Math.floor(random() * 86_400_000)).toISOString(),
  }
}

function buildLargeSite(random: () => number, people: Person[]): SiteRecord {
  const categories: ProjectCategoryRecord[] = []
  const projects: ProjectRecord[] = []
  const taken = new Set<string>()
  let nextId = 10000
  CATEGORY_SEEDS.forEach((seed, c) => {
    const category = { id: String(10000 + c), name: seed.name, description: seed.description }
    categories.push(category)
    seed.areas.forEach((area, a) => {
      // Two projects per area: one of the category's main type, one of another type.
      const types = [seed.types[0]!, seed.types[1 + (a % (seed.types.length - 1))]!]
      for (const type of types) {
        const suffixes = NAME_SUFFIXES[type]
        const name = `${area} ${suffixes[(a + c) % suffixes.length]}`
        // A few business projects are left uncategorised, as on real sites.
        const categoryId = type === 'business' && a % 4 === 3 ? undefined : category.id
        projects.push(makeProject(random, nextId++, name, type, taken, people, categoryId))
      }
    })
  })
  return {
    cloudId: seededUuid(random),
    name: 'acme-robotics',
    url: 'https://acme-robotics.atlassian.net',
    categories,
    projects,
  }
}

function buildSmallSite(random: () => number, people: Person[]): SiteRecord {
  const category = { id: '10000', name: 'Clients', description: 'Client work' }
  const taken = new Set<string>()
  const seeds: Array<[string, ProjectTypeKey, boolean]> = [
    ['Website Refresh', 'business', true],
    ['Client Portal', 'software', true],
    ['Studio Support', 'service_desk', false],
    ['Brand Assets', 'business', false],
    ['Mobile Prototype', 'software', true],
  ]
  return {
    cloudId: seededUuid(random),
    name: 'northwind-studio',
    url: 'https://northwind-studio.atlassian.net',
    categories: [category],
    projects: seeds.map(([name, type, inCategory], i) =>
      makeProject(random, 10000 + i, name, type, taken, people.slice(0, 2), inCategory ? category.id : undefined),
    ),
  }
}

export function createWorld(seed = 20251129): World {
  const random = seededRandom(seed)
  const people = PEOPLE.map((p) => ({ ...p, accountId: `712020:${seededUuid(random)}` }))
  return {
    people,
    sites: [buildLargeSite(random, people), buildSmallSite(random, people)],
  }
}

/** A fixture person, or the per-visitor person a derived account id stands for. */
export function findPerson(world: World, accountId: string): Person | undefined {
  return world.people.find((p) => p.accountId === accountId) ?? personForAccount(accountId)
}
