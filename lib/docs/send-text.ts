import type { NextApiResponse } from 'next'

/** A text answer that caches briefly: the pages only change with a new build. */
export function sendText(res: NextApiResponse, contentType: string, body: string): void {
  res.setHeader('Content-Type', contentType)
  res.setHeader('Cache-Control', 'public, max-age=300')
  res.status(200).send(body)
}
