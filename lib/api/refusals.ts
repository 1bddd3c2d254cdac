import { PlaygroundError } from './errors'

/**
 * The refusals of a request's shape, stated once: the routes (lib/api/route.ts, the /api catch-all) and the server's
 * early refusals (lib/server/early-refusal.ts) answer with the same codes and words.
 */

export const methodNotAllowed = (methods: readonly string[]) =>
  new PlaygroundError(405, 'method_not_allowed', `Use ${methods.join(' or ')} for this route`, { headers: { Allow: methods.join(', ') } })

export const bodyNotTaken = () =>
  new PlaygroundError(400, 'invalid_request', 'This route takes no request body: send its inputs in the query string')

export const bodyTooLarge = (maxBytes: number) => new PlaygroundError(413, 'payload_too_large', `The request body is larger than ${maxBytes} bytes`)

export const bodyNotJson = () =>
  new PlaygroundError(415, 'unsupported_media_type', 'Send the request body as JSON with Content-Type: application/json')

/** A body of a type the route does not read (JSON routes say so in the words of bodyNotJson). */
export const unsupportedBodyType = (types: readonly string[]) =>
  types.length === 1 && types[0] === 'application/json'
    ? bodyNotJson()
    : new PlaygroundError(415, 'unsupported_media_type', `Send the request body with Content-Type ${types.join(' or ')}`)

export const unknownApiPath = () =>
  new PlaygroundError(404, 'not_found', "No API route answers this path: the playground's routes are under /api/playground/.")

export const malformedTarget = () =>
  new PlaygroundError(400, 'invalid_request', 'The request path is malformed (a bad percent-escape or an unusable request-target)')

/** What Node's HTTP parser refuses before there is a request at all (lib/server/site-server.ts answers for it). */
export const headersTooLarge = () => new PlaygroundError(431, 'invalid_request', 'The request headers are too large')

export const unparsableRequest = () => new PlaygroundError(400, 'invalid_request', 'The request could not be read as HTTP/1.1')

export const requestTooSlow = (seconds: number) =>
  new PlaygroundError(408, 'invalid_request', `The request did not arrive within ${seconds} s: send its headers and body at once`)

export const tooManyConnections = (limit: number) =>
  new PlaygroundError(429, 'rate_limited', `Too many open connections from this network address (at most ${limit}): close some, then try again.`, {
    retryAfterSeconds: 5
  })

export const internalError = () => new PlaygroundError(500, 'internal_error', 'Something went wrong on the server; try again')
