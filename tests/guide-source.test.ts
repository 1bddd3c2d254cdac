// The lead inserts the playground at two markers; they must sit right after the matching Tabs.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'

const page = readFileSync(new URL('../pages/auth-providers/atlassian.mdx', import.meta.url), 'utf8')

for (const [marker, snippet] of [
  ['{/* playground:app-code */}', 'snippets/app-code.mjs'],
  ['{/* playground:custom-tool */}', 'snippets/list-jira-projects.ts']
]) {
  test(`${marker} follows the Tabs that show ${snippet}`, () => {
    assert.equal(page.split(marker).length, 2, `${marker} must appear exactly once`)
    const before = page.slice(0, page.indexOf(marker)).trimEnd()
    assert.ok(before.endsWith('</Tabs>'), `${marker} must come right after </Tabs>`)
    const tabs = before.slice(before.lastIndexOf('<Tabs'))
    assert.ok(tabs.includes(snippet), `the Tabs before ${marker} must show ${snippet}`)
  })
}
