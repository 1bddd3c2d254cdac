import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { ERROR_CODES } from '../../contract/playground-api'
import { helpLink } from '../../lib/api/errors'

test('every playground error code links to a section of the troubleshooting page', () => {
  const page = readFileSync(new URL('../../pages/troubleshooting.mdx', import.meta.url), 'utf8')
  const anchors = new Set([...page.matchAll(/^#{2,4} .*\[#([a-z0-9-]+)\]\s*$/gm)].map((m) => m[1]))
  const missing = ERROR_CODES.filter((code) => !anchors.has(helpLink(code).split('#')[1]))
  assert.deepEqual(missing, [], `codes without a troubleshooting section: ${missing.join(', ')}`)
  for (const code of ERROR_CODES) assert.ok(page.includes(`\`${code}\``), `the section for ${code} names the code`)
})
