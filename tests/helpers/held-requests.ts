/**
 * Requests that are never finished, over raw sockets: a head that promises a body, then a trickle or nothing.
 * What the server answered (its status line and headers) and when, or when it closed the connection.
 */
import { connect, type Socket } from 'node:net'

export interface HeldRequest {
  socket: Socket
  /** Resolves when the server answered or closed; with the answer's head (if any) and the ms since opening. */
  settled: Promise<{ head?: string; body: string; ms: number; closed: boolean }>
}

/** Opens a connection and sends `head` (request line and headers, no body); `body` is then written as given. */
export function holdRequest(port: number, head: string, body?: Buffer): HeldRequest {
  const socket = connect(port, '127.0.0.1')
  const began = performance.now()
  let received = ''
  socket.setNoDelay(true)
  socket.on('error', () => undefined)
  socket.write(head)
  if (body) socket.write(body)
  const settled = new Promise<{ head?: string; body: string; ms: number; closed: boolean }>((resolve) => {
    const done = (closed: boolean) => {
      const end = received.indexOf('\r\n\r\n')
      resolve({ head: end === -1 ? undefined : received.slice(0, end), body: end === -1 ? '' : received.slice(end + 4), ms: performance.now() - began, closed })
    }
    socket.on('data', (chunk) => {
      received += chunk.toString('latin1')
    })
    socket.once('close', () => done(true))
  })
  return { socket, settled }
}

/** The head's headers, lower-case names. */
export function headersOf(head: string): Record<string, string> {
  const headers: Record<string, string> = {}
  for (const line of head.split('\r\n').slice(1)) {
    const colon = line.indexOf(':')
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim()
  }
  return headers
}

export function statusOf(head: string | undefined): number | undefined {
  const match = head ? /^HTTP\/1\.1 (\d{3})/.exec(head) : null
  return match ? Number(match[1]) : undefined
}

/** Resident memory of a process, from /proc (Linux). */
export async function residentBytes(pid: number): Promise<number> {
  const { readFile } = await import('node:fs/promises')
  const status = await readFile(`/proc/${pid}/status`, 'utf8')
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)![1]) * 1024
}
