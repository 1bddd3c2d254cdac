import type { NextApiResponse } from 'next'

/** A text answer; `cacheHeaders` says how long and for whom it may be kept (see originCacheHeaders). */
export function sendText(res: NextApiResponse, contentType: string, body: string, cacheHeaders: Record<string, string>): void {
  res.setHeader('Content-Type', contentType)
  for (const [name, value] of Object.entries(cacheHeaders)) res.setHeader(name, value)
  res.status(200).send(body)
}
