// A fresh clone runs its tests with nothing beside it: no code, test or config reads the shared reading folder.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SKIP = new Set(['node_modules', '.next', '.git', 'test-results', 'playwright-report', 'e2e-artifacts'])
const THIS_FILE = fileURLToPath(import.meta.url)

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (SKIP.has(name)) continue
    const path = join(dir, name)
    if (statSync(path).isDirectory()) yield* files(path)
    else if (/\.(ts|tsx|mts|mjs|cjs|js|json|sh|mdx)$/.test(name) || name === 'run') yield path
  }
}

test('nothing in the repository reads ../shared', () => {
  const offenders = [...files(ROOT)].filter((path) => path !== THIS_FILE && /\.\.\/shared\b|\/work\/shared\b/.test(readFileSync(path, 'utf8')))
  assert.deepEqual(offenders.map((path) => relative(ROOT, path)), [])
})

test('the Jira OpenAPI subset is in the repository with its Apache-2.0 notice', () => {
  const spec = JSON.parse(readFileSync(join(ROOT, 'tests/contracts/jira-openapi-subset.json'), 'utf8'))
  assert.equal(spec.info.license.name, 'Apache 2.0')
  assert.ok(spec.paths['/rest/api/3/project/search'])
  assert.match(readFileSync(join(ROOT, 'tests/contracts/NOTICE.md'), 'utf8'), /Apache License, Version 2\.0/)
})
