import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { compileMdx } from 'nextra/compile'
import { mdxOptions } from '../lib/mdx/mdx-options.mjs'
import { SNIPPET_META } from '../lib/mdx/remark-snippets.mjs'

const GUIDE = 'pages/auth-providers/atlassian.mdx'

/** The page as Nextra's loader compiles it (JSX kept, a whole program). */
async function compile(file: string): Promise<string> {
  const { result } = await compileMdx(readFileSync(file, 'utf8'), {
    filePath: file,
    mdxOptions: { ...mdxOptions, jsx: true, outputFormat: 'program', format: 'mdx' }
  })
  return result
}

/** Each block's inner HTML, as the compiled program states it. */
function blockHtml(program: string): string[] {
  const found = [...program.matchAll(/<_components\.code dangerouslySetInnerHTML=\{\{\s*__html: ("(?:[^"\\]|\\.)*")\s*\}\}>/g)]
  return found.map((m) => JSON.parse(m[1]) as string)
}

const textOf = (html: string) =>
  html.replace(/<[^>]*>/g, '').replace(/&#x([0-9a-f]+);/gi, (_, hex) => String.fromCodePoint(parseInt(hex, 16))).replace(/&amp;/g, '&').replace(/&lt;/g, '<')

test("the guide's highlighted code ships as one HTML string per block, whose text is the snippet file", async () => {
  const program = await compile(GUIDE)
  const snippets = [...readFileSync(GUIDE, 'utf8').matchAll(new RegExp(SNIPPET_META.source, 'g'))].map((m) => m[1])
  const blocks = blockHtml(program)
  assert.ok(snippets.length >= 4, `the guide names ${snippets.length} snippet files`)
  assert.equal(blocks.length, snippets.length, 'every snippet fence becomes one static block')
  snippets.forEach((file, i) => assert.equal(textOf(blocks[i]), readFileSync(file, 'utf8').replace(/\n$/, ''), file))
  // Colours are classes, one rule per colour pair in one <style>; marked lines keep their flag.
  const rules = new Map([...program.matchAll(/\.(sk\d+)\{(--shiki-light:#[0-9A-F]{6};--shiki-dark:#[0-9A-F]{6})\}/g)].map((m) => [m[1], m[2]]))
  const used = new Set([...blocks.join('').matchAll(/<span class="(sk\d+)">/g)].map((m) => m[1]))
  assert.ok(used.size > 5, `${used.size} colour classes`)
  for (const name of used) assert.ok(rules.has(name), `.${name} has a rule`)
  assert.equal(new Set(rules.values()).size, rules.size, 'one class per colour pair')
  assert.doesNotMatch(blocks.join(''), /style=/)
  assert.match(blocks.join(''), /<span data-highlighted-line="">/)
  // The rules sit at the end of the page's own fragment, outside the tabs that unmount their blocks.
  assert.match(program, /<style dangerouslySetInnerHTML=\{\{\s*__html: "\.sk0\{[^"]*"\s*\}\} \/><\/>;/)
  // No token is left as a React element.
  assert.equal(program.match(/<_components\.span\b/g)?.length ?? 0, 0)
})

test('inline code stays a React element, and a page without fences compiles unchanged', async () => {
  const program = await compile('pages/troubleshooting.mdx')
  assert.match(program, /<_components\.code>\{"[^"]+"\}<\/_components\.code>/)
  assert.doesNotMatch(program, /dangerouslySetInnerHTML/)
})
