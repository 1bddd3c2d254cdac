import { createHash } from 'node:crypto'
import type { Person } from './world'

/**
 * One fictional Atlassian account per Arcade user id, so every visitor consents as their own person and holds
 * their own grants. Everything is derived: the account id from a hash of the user id, and the person from a
 * hash of the account id alone, so any part of the sandbox (the avatar route, /me, Jira /myself) can render the
 * person from the account id without a lookup table or any stored state.
 */

const FIRST_NAMES = ['Alex', 'Bea', 'Chidi', 'Dana', 'Elif', 'Farah', 'Gustavo', 'Hiro', 'Ines', 'Jonas', 'Kavya', 'Liam', 'Maya', 'Noor', 'Oskar', 'Priya', 'Quinn', 'Rosa', 'Sven', 'Tariq', 'Uma', 'Victor', 'Wen', 'Yara', 'Zoe']
const LAST_NAMES = ['Andersen', 'Barros', 'Costa', 'Dubois', 'Eze', 'Fischer', 'Garcia', 'Haddad', 'Ito', 'Jensen', 'Kowalski', 'Larsen', 'Mensah', 'Nguyen', 'Olsen', 'Park', 'Quispe', 'Rossi', 'Silva', 'Tanaka', 'Urquhart', 'Varga', 'Wolff', 'Yilmaz', 'Zhang']
const PLACES: Array<{ timeZone: string; locale: string; location: string }> = [
  { timeZone: 'Europe/London', locale: 'en-GB', location: 'London' },
  { timeZone: 'Europe/Berlin', locale: 'de-DE', location: 'Berlin' },
  { timeZone: 'America/New_York', locale: 'en-US', location: 'New York' },
  { timeZone: 'America/Sao_Paulo', locale: 'pt-BR', location: 'São Paulo' },
  { timeZone: 'Asia/Singapore', locale: 'en-SG', location: 'Singapore' },
  { timeZone: 'Australia/Sydney', locale: 'en-AU', location: 'Sydney' },
]
const ROLES: Array<{ jobTitle: string; department: string }> = [
  { jobTitle: 'Software Engineer', department: 'Platform' },
  { jobTitle: 'Product Manager', department: 'Product' },
  { jobTitle: 'Support Engineer', department: 'Customer Operations' },
  { jobTitle: 'Designer', department: 'Design' },
  { jobTitle: 'Data Analyst', department: 'Data' },
]

/** The shape of every account id the sandbox hands out (Atlassian's `712020:<uuid>` form). */
export const DERIVED_ACCOUNT_ID = /^712020:[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/** A v4-shaped uuid from the first 16 bytes of a hash. */
function uuidFrom(bytes: Buffer): string {
  const b = Buffer.from(bytes.subarray(0, 16))
  b[6] = (b[6]! & 0x0f) | 0x40
  b[8] = (b[8]! & 0x3f) | 0x80
  const hex = b.toString('hex')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

/** The Atlassian account id the Arcade user `userId` signs in as. */
export function accountIdForUser(userId: string): string {
  return `712020:${uuidFrom(digest(`sandbox-account:${userId}`))}`
}

const pick = <T>(list: readonly T[], byte: number): T => list[byte % list.length]!

/** The person behind a derived account id, or undefined when the id is not of the derived shape. */
export function personForAccount(accountId: string): Person | undefined {
  if (!DERIVED_ACCOUNT_ID.test(accountId)) return undefined
  const h = digest(`sandbox-person:${accountId}`)
  const first = pick(FIRST_NAMES, h[0]!)
  const last = pick(LAST_NAMES, h[1]!)
  const place = pick(PLACES, h[2]!)
  const role = pick(ROLES, h[3]!)
  // Two hex digits keep two visitors with the same name from sharing an address.
  const tag = h.subarray(4, 5).toString('hex')
  const ascii = (s: string) => s.normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase()
  return {
    accountId,
    displayName: `${first} ${last}`,
    email: `${ascii(first)}.${ascii(last)}.${tag}@example.com`,
    nickname: `${ascii(first)[0]}${ascii(last)}${tag}`,
    timeZone: place.timeZone,
    locale: place.locale,
    jobTitle: role.jobTitle,
    department: role.department,
    organization: 'Acme Robotics',
    location: place.location,
  }
}

/** The person the Arcade user `userId` signs in as. */
export function personForUser(userId: string): Person {
  return personForAccount(accountIdForUser(userId))!
}
