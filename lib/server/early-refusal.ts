import type { IncomingMessage } from 'node:http'
import type { PlaygroundError } from '../api/errors'
import { bodyNotTaken, bodyTooLarge, malformedTarget, methodNotAllowed, unknownApiPath, unsupportedBodyType } from '../api/refusals'
import { ruleFor, type RequestRule } from './request-rules'

export interface Judgement {
  pathname: string
  rule: RequestRule
  /** Set when the request is answered here, before a byte of its body is read. */
  refusal?: PlaygroundError
}

function pathOf(target: string): string | undefined {
  try {
    return new URL(target, 'http://site.invalid').pathname
  } catch {
    return undefined
  }
}

function isMalformed(pathname: string): boolean {
  try {
    decodeURIComponent(pathname)
    return false
  } catch {
    return true
  }
}

/** Whether the request announces a body (Node's parser has already refused a conflicting or invalid framing). */
export function announcesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
}

/** Judges a request on its method, path, headers and declared length, as the table in request-rules.ts says. */
export function judgeRequest(req: IncomingMessage): Judgement {
  const pathname = pathOf(req.url ?? '/')
  if (pathname === undefined) return { pathname: '/', rule: ruleFor('/api/'), refusal: malformedTarget() }
  const rule = ruleFor(pathname)
  const judged = (refusal?: PlaygroundError): Judgement => ({ pathname, rule, refusal })

  // Next answers a malformed escape with an HTML 400; under /api every answer is JSON.
  if (pathname.startsWith('/api') && isMalformed(pathname)) return judged(malformedTarget())
  if (!rule.methods.includes(req.method ?? '')) return judged(methodNotAllowed(rule.methods))
  if (!announcesBody(req)) return judged()
  if (rule.unknownApi) return judged(unknownApiPath())
  if (rule.maxBodyBytes === 0) return judged(bodyNotTaken())
  const declared = Number(req.headers['content-length'] ?? 0)
  if (declared > rule.maxBodyBytes) return judged(bodyTooLarge(rule.maxBodyBytes))
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase()
  if (rule.contentTypes && !rule.contentTypes.includes(type)) return judged(unsupportedBodyType(rule.contentTypes))
  return judged()
}
