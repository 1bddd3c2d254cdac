/**
 * The load: many concurrent visitors, each doing the whole sandbox flow through the site's real HTTP routes,
 * with their status long-polls held open while the others proceed, and a probe timing a cheap request meanwhile.
 */
import { setMaxListeners } from 'node:events'
import { setTimeout as sleep } from 'node:timers/promises'
import { parseConsentForm } from '../tests/helpers/sandbox'
import { LightVisitor as Visitor } from './light-visitor'

export interface LoadOptions {
  /** Site instances; visitor i starts on origins[i % n] and continues on the next one (the flow crosses instances). */
  origins: string[]
  visitors: number
  /** Visitors arrive spread evenly over this time (a herd arriving in the same millisecond is not a reader load). */
  arrivalSpreadMs: number
  /** After the last arrival, nothing but held long-polls for this long (the probe's quiet phase). */
  quietHoldMs: number
  /** Then the consents, at random over this time; each long-poll is held until its flow completes. */
  consentSpreadMs: number
  /** Hard stop: every request is aborted by then. */
  deadlineMs: number
}

export interface LoadReport {
  started: number
  completed: number
  failures: string[]
  /** Durations per step, in ms. */
  latencies: Map<string, number[]>
  /** The cheap request's latency while at least half the visitors held a long-poll: with nothing else going on, and during the consents. */
  probeWhileHeld: { quiet: number[]; busy: number[] }
  peakHeldLongPolls: number
  elapsedMs: number
}

const STATUS_WAIT_SECONDS = 20

export async function runLoad({ origins, visitors, arrivalSpreadMs, quietHoldMs, consentSpreadMs, deadlineMs }: LoadOptions): Promise<LoadReport> {
  const deadline = AbortSignal.timeout(deadlineMs)
  setMaxListeners(visitors + 10, deadline) // each visitor's waits between its steps listen to it
  const deadlineAt = performance.now() + deadlineMs
  // Each request gets a timer of its own up to the deadline: fetch (undici) resets the max listeners of the signal it
  // is given to 1,500, so one signal shared by thousands of requests in flight made Node warn of a leak.
  const untilDeadline = () => AbortSignal.timeout(Math.max(1, Math.ceil(deadlineAt - performance.now())))
  const latencies = new Map<string, number[]>()
  const failures: string[] = []
  const probeWhileHeld: LoadReport['probeWhileHeld'] = { quiet: [], busy: [] }
  let held = 0
  let peakHeldLongPolls = 0
  let started = 0
  let completed = 0
  const began = performance.now()

  /**
   * Each visitor comes from an address of its own, as readers do, named by X-Forwarded-For (the bench starts the
   * sites with TRUST_PROXY=1, as behind a load balancer): the sandbox's store and the flow bindings give each
   * address a fair share, and a thousand readers are not one address.
   */
  const addressOf = (visitor: Visitor) => {
    let address = visitorAddresses.get(visitor)
    if (!address) visitorAddresses.set(visitor, (address = `10.${(visitorAddresses.size >> 16) & 255}.${(visitorAddresses.size >> 8) & 255}.${visitorAddresses.size & 255}`))
    return address
  }
  const visitorAddresses = new Map<Visitor, string>()

  /** One timed request; a failure names the step and the status. */
  async function timed(step: string, visitor: Visitor, url: string, init: RequestInit = {}, expect = [200]): Promise<Response> {
    const t0 = performance.now()
    const headers = new Headers(init.headers)
    headers.set('X-Forwarded-For', addressOf(visitor))
    const response = await visitor.request(url, { ...init, headers, signal: untilDeadline() })
    const text = await response.text()
    if (!latencies.has(step)) latencies.set(step, [])
    latencies.get(step)!.push(performance.now() - t0)
    if (!expect.includes(response.status)) throw new Error(`${step}: ${response.status} ${text.slice(0, 200)}`)
    return new Response(text, { status: response.status, headers: response.headers })
  }

  /** Status long-polls, each held until the flow changes or the wait ends, until it is completed. */
  async function pollUntilCompleted(visitor: Visitor, origin: string, flowId: string): Promise<number> {
    for (;;) {
      held++
      peakHeldLongPolls = Math.max(peakHeldLongPolls, held)
      let body: { status?: string }
      try {
        const response = await timed('status (long-poll, held)', visitor, `${origin}/api/playground/status?flowId=${flowId}&wait=${STATUS_WAIT_SECONDS}`)
        body = (await response.json()) as { status?: string }
      } finally {
        held--
      }
      if (body.status === 'completed') return performance.now()
    }
  }

  async function oneVisitor(i: number): Promise<void> {
    const home = origins[i % origins.length]
    const other = origins[(i + 1) % origins.length]
    const visitor = new Visitor(home)
    await sleep((i / visitors) * arrivalSpreadMs, undefined, { signal: deadline })
    const startResponse = await timed('start', visitor, `${home}/api/playground/start`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ scopes: ['read:jira-work', 'read:jira-user', 'read:me'] })
    })
    started++
    const { flowId, url } = (await startResponse.json()) as { flowId: string; url: string }
    const completion = pollUntilCompleted(visitor, home, flowId)
    completion.catch(() => undefined) // awaited below; a failure while consenting must not leave it unhandled

    // The popup, on the other instance: the site's consent link, consent page, Accept, Atlassian's redirect to
    // Arcade, the verifier, next_uri.
    const consentAt = began + arrivalSpreadMs + quietHoldMs + Math.random() * consentSpreadMs
    await sleep(Math.max(0, consentAt - performance.now()), undefined, { signal: deadline })
    const link = await timed('consent link', visitor, new URL(url, other).href, {}, [303])
    const page = await timed('consent page', visitor, new URL(link.headers.get('location')!, other).href)
    const form = parseConsentForm(await page.text())
    const accepted = await timed('consent accept', visitor, `${other}/api/sandbox/atlassian/authorize`, {
      method: 'POST',
      body: new URLSearchParams({ request: form.requestId, decision: 'accept', site: form.siteIds[0] })
    }, [302, 303])
    const verifier = await timed('oauth callback', visitor, new URL(accepted.headers.get('location')!, other).href, {}, [303])
    const nextUri = await timed('verifier', visitor, new URL(verifier.headers.get('location')!, other).href, {}, [303])
    await timed('next_uri', visitor, new URL(nextUri.headers.get('location')!, other).href)
    const consented = performance.now()

    const completedAt = await completion
    latencies.set('status wake-up after consent', [...(latencies.get('status wake-up after consent') ?? []), Math.max(0, completedAt - consented)])
    await timed('jira projects', visitor, `${other}/api/playground/jira`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ flowId, query: '', startAt: 0, maxResults: 10 })
    })
    completed++
  }

  const visitorsDone = Promise.all(
    Array.from({ length: visitors }, (_, i) =>
      oneVisitor(i).catch((error: unknown) => {
        failures.push(`visitor ${i}: ${error instanceof Error ? error.message : String(error)}`)
      })
    )
  )

  // The probe: a cheap request on each instance in turn, every 50 ms, until the visitors are done.
  let probing = true
  const probe = (async () => {
    const prober = new Visitor(origins[0])
    for (let n = 0; probing && !deadline.aborted; n++) {
      const origin = origins[n % origins.length]
      const t0 = performance.now()
      const heldAtStart = held
      const response = await prober.request(`${origin}/api/playground/config`, { signal: untilDeadline() }).catch(() => undefined)
      await response?.arrayBuffer()
      const quiet = t0 - began > arrivalSpreadMs + 500 && performance.now() - began < arrivalSpreadMs + quietHoldMs
      if (response?.status === 200 && heldAtStart >= visitors / 2) probeWhileHeld[quiet ? 'quiet' : 'busy'].push(performance.now() - t0)
      await sleep(50)
    }
  })()

  await visitorsDone
  probing = false
  await probe
  return { started, completed, failures, latencies, probeWhileHeld, peakHeldLongPolls, elapsedMs: performance.now() - began }
}

export function percentile(values: number[], p: number): number {
  if (values.length === 0) return NaN
  const sorted = [...values].sort((x, y) => x - y)
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]
}
