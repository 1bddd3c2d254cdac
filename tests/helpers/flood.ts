/**
 * A flood of cookieless starts (each one a new visitor) from several loopback addresses (127.0.0.2 …), the way
 * an attacker with a dozen addresses would send it, each address under its own connections. Bounded in count
 * (`perAddress` each) and in time (`deadlineMs`: whatever is still open then is abandoned and counted).
 */
import { setMaxListeners } from 'node:events'
import { Agent, request } from 'node:http'

export interface FloodReport {
  sent: number
  /** Answers by HTTP status (0: no answer before the deadline, or a socket error). */
  statuses: Record<number, number>
  elapsedMs: number
}

export interface FloodOptions {
  origin: string
  /** Loopback source addresses, e.g. 127.0.0.2 … 127.0.0.13 (Linux routes all of 127/8 to lo). */
  addresses: string[]
  perAddress: number
  /** Requests in flight per address. */
  concurrency?: number
  deadlineMs: number
  body?: string
}

export const loopbackAddresses = (count: number, first = 2) => Array.from({ length: count }, (_, i) => `127.0.0.${first + i}`)

export async function floodStarts({ origin, addresses, perAddress, concurrency = 4, deadlineMs, body = JSON.stringify({ scopes: ['read:jira-work'] }) }: FloodOptions): Promise<FloodReport> {
  const url = new URL('/api/playground/start', origin)
  const deadline = AbortSignal.timeout(deadlineMs)
  // Every request in flight listens to the one deadline.
  setMaxListeners(addresses.length * concurrency + 10, deadline)
  const statuses: Record<number, number> = {}
  let sent = 0
  const began = performance.now()

  const one = (agent: Agent, localAddress: string) =>
    new Promise<number>((resolve) => {
      const req = request(url, { method: 'POST', agent, localAddress, signal: deadline, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
        res.resume()
        res.on('end', () => resolve(res.statusCode ?? 0))
        res.on('error', () => resolve(0))
      })
      req.on('error', () => resolve(0))
      req.end(body)
    })

  await Promise.all(
    addresses.map(async (localAddress) => {
      const agent = new Agent({ keepAlive: true, maxSockets: concurrency })
      let next = 0
      await Promise.all(
        Array.from({ length: concurrency }, async () => {
          while (next < perAddress && !deadline.aborted) {
            next++
            sent++
            const status = await one(agent, localAddress)
            statuses[status] = (statuses[status] ?? 0) + 1
          }
        })
      )
      agent.destroy()
    })
  )
  return { sent, statuses, elapsedMs: performance.now() - began }
}
