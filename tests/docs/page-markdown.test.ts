// Every page as Markdown: the guide keeps all its headings and every snippet in full, and no page keeps a
// component, an import or an empty code fence.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { pageMarkdownFromFile } from '../../lib/docs/page-markdown'
import { listSitePages } from '../../lib/docs/site-pages'

const root = new URL('../../', import.meta.url).pathname
const guideSource = readFileSync(`${root}pages/auth-providers/atlassian.mdx`, 'utf8')
const guide = pageMarkdownFromFile('pages/auth-providers/atlassian.mdx', '/auth-providers/atlassian', root)

test('the guide as Markdown holds every heading of the page', () => {
  const headings = [...guideSource.matchAll(/^#{1,4} (.+)$/gm)].map((m) => m[1].replace(/\s*\[#[a-z0-9-]+\]$/, ''))
  assert.ok(headings.length >= 10)
  for (const heading of headings) assert.ok(guide.includes(heading), `missing heading: ${heading}`)
})

test('the guide as Markdown holds the full text of every snippet it shows, in a fence naming the file', () => {
  const snippets = [...guideSource.matchAll(/filename="(snippets\/[^"]+)"/g)].map((m) => m[1])
  assert.ok(snippets.length >= 4)
  for (const file of snippets) {
    const text = readFileSync(`${root}${file}`, 'utf8').replace(/\n$/, '')
    assert.ok(guide.includes(`filename="${file}"\n${text}\n\`\`\``), `${file} is not inlined in full`)
  }
})

test('the guide as Markdown labels its tabs, quotes its callouts, numbers its steps and describes the Run it panel', () => {
  assert.match(guide, /^\*\*Python:\*\*$/m)
  assert.match(guide, /^\*\*JavaScript:\*\*$/m)
  assert.match(guide, /^> \*\*Warning:\*\* With your own app credentials/m)
  assert.match(guide, /^1\. \*\*Access the Arcade Dashboard\*\*$/m)
  assert.match(guide, /^4\. \*\*Create the provider\*\*$/m)
  assert.match(guide, /Run it panel here, at \[\/auth-providers\/atlassian#run-app-code\]/)
})

/** The Markdown without its code blocks (snippets legitimately start with `import`). */
const prose = (markdown: string) => markdown.replace(/^```[^\n]*\n[\s\S]*?^```$/gm, '')

for (const page of listSitePages(root)) {
  test(`${page.markdownPath}: plain Markdown with no component, import or empty code fence`, () => {
    const markdown = pageMarkdownFromFile(page.file, page.route, root)
    assert.doesNotMatch(markdown, /^```[^\n]*\n```$/m, 'an empty code fence')
    assert.doesNotMatch(prose(markdown), /<\/?(Tabs|Callout|Steps|Playground|SetupCheck)\b/, 'a component left in')
    assert.doesNotMatch(prose(markdown), /^(import|export) /m, 'an import or export left in')
    assert.doesNotMatch(markdown, /^---\n/, 'front matter left in')
    assert.ok(markdown.startsWith(`# ${page.title}\n`), 'starts with the page title')
    assert.ok(page.description.length > 0, `${page.file} needs a front-matter description for llms.txt`)
  })
}

test('custom heading ids survive as {#id}, so links to troubleshooting anchors still make sense', () => {
  const markdown = pageMarkdownFromFile('pages/troubleshooting.mdx', '/troubleshooting', root)
  assert.match(markdown, /^### redirect_uri is not registered for client \{#redirect-uri-not-registered\}$/m)
})
