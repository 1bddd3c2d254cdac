import assert from 'node:assert/strict'
import { test } from 'node:test'
import rehypeTableCodeBreaks from '../lib/mdx/rehype-table-code-breaks.mjs'

type Node = { type: string; tagName?: string; value?: string; properties?: object; children?: Node[] }
const text = (n: Node): string => n.value ?? (n.children ?? []).map(text).join('')
const code = (value: string): Node => ({ type: 'element', tagName: 'code', properties: {}, children: [{ type: 'text', value }] })
const cell = (...children: Node[]): Node => ({ type: 'element', tagName: 'td', properties: {}, children })
const run = (tree: Node) => (rehypeTableCodeBreaks() as (t: Node) => void)(tree)

test('inline code in a table cell may break after its punctuation, and its text is unchanged', () => {
  const json = code('400 {"code":400,"error":"user_mismatch"}')
  const tree: Node = { type: 'root', children: [{ type: 'element', tagName: 'table', children: [cell(json)] }] }
  run(tree)
  assert.equal(text(json), '400 {"code":400,"error":"user_mismatch"}')
  const pieces = json.children!.map((n) => (n.tagName === 'wbr' ? '|' : n.value)).join('')
  assert.equal(pieces, '400 {"code":|400,|"error":|"user_mismatch"}')
})

test('a break goes after a separator, never at the end, and words are never split', () => {
  const url = code('https://api.atlassian.com/oauth/token/accessible-resources')
  const scope = code('read:jira-work')
  run({ type: 'root', children: [cell(url, { type: 'text', value: ' and ' }, scope)] })
  const pieces = (c: Node) => c.children!.map((n) => (n.tagName === 'wbr' ? '|' : n.value)).join('')
  assert.equal(pieces(url), 'https:|/|/|api.atlassian.com/|oauth/|token/|accessible-resources')
  assert.equal(pieces(scope), 'read:|jira-work')
})

test('code outside tables, and cell text outside code, are left alone', () => {
  const outside = code('a,b/c')
  const cellText: Node = { type: 'text', value: 'x, y/z' }
  run({ type: 'root', children: [{ type: 'element', tagName: 'p', children: [outside] }, cell(cellText)] })
  assert.equal(outside.children!.length, 1)
  assert.equal(cellText.value, 'x, y/z')
})
