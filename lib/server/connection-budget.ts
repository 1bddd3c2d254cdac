import type { Socket } from 'node:net'
import { addressKey } from '../rate-limit'

/**
 * How many connections each client address (an IPv6 /64 as one) holds open at once. The map only holds addresses
 * with a connection open, so it is bounded by the sockets themselves.
 */
export class ConnectionBudget {
  private readonly open = new Map<string, number>()

  constructor(readonly perAddress: number) {}

  /** Whether the socket may stay; an admitted socket gives its place back when it closes. */
  admit(socket: Socket): boolean {
    const key = addressKey(socket.remoteAddress ?? 'unknown')
    const count = this.open.get(key) ?? 0
    if (count >= this.perAddress) return false
    this.open.set(key, count + 1)
    socket.once('close', () => {
      const left = (this.open.get(key) ?? 1) - 1
      if (left > 0) this.open.set(key, left)
      else this.open.delete(key)
    })
    return true
  }

  openFrom(address: string): number {
    return this.open.get(addressKey(address)) ?? 0
  }
}
