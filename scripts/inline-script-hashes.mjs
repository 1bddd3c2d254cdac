// Prints the CSP hash of every distinct executable inline <script> in the built pages (run after `npm run build`),
// for INLINE_SCRIPT_HASHES in lib/security-headers.ts.
import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'

const root = '.next/server/pages'
const hashes = new Map()
for (const file of readdirSync(root, { recursive: true }).filter((f) => f.endsWith('.html'))) {
  const html = readFileSync(join(root, file), 'utf8')
  for (const [, attributes, body] of html.matchAll(/<script([^>]*)>([\s\S]*?)<\/script>/g)) {
    // External scripts are covered by 'self'; JSON data blocks are not executed, so CSP ignores them.
    if (/\ssrc=/.test(attributes) || /type="application\/(ld\+)?json"/.test(attributes)) continue
    hashes.set(`'sha256-${createHash('sha256').update(body).digest('base64')}'`, body.slice(0, 60))
  }
}
for (const [hash, start] of hashes) console.log(`${hash}  ${start}`)
