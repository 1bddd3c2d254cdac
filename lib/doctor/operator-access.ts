// Who may run the set-up check. In sandbox mode everyone (it checks the embedded emulator, nothing private).
// In live mode only the operator: it spends the operator's Arcade key on several upstream calls and shows the
// deployment (client ids, provider ids, the engine's own words), so it needs DOCTOR_TOKEN, and without one
// set it is off. A visitor gets the same refusal either way, before anything is called.
import { createHash, timingSafeEqual } from 'node:crypto'
import { PlaygroundError } from '../api/errors'
import type { SiteConfig } from '../config'

const BEARER = /^Bearer ([\x21-\x7e]{1,256})$/

const digest = (value: string) => createHash('sha256').update(value).digest()

export function mayRunSetupCheck(config: SiteConfig, authorization: string | undefined): boolean {
  if (config.mode === 'sandbox') return true
  const presented = BEARER.exec(authorization ?? '')?.[1]
  if (!config.doctorToken || presented === undefined) return false
  // Equal-length digests, so the comparison takes the same time whatever was sent.
  return timingSafeEqual(digest(presented), digest(config.doctorToken))
}

export function operatorOnly(): PlaygroundError {
  return new PlaygroundError(
    401,
    'operator_only',
    "In live mode the set-up check is for the site's operator: send the operator token (DOCTOR_TOKEN) as Authorization: Bearer <token>.",
    { headers: { 'WWW-Authenticate': 'Bearer realm="setup-check"' } }
  )
}
