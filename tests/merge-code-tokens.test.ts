import assert from 'node:assert/strict'
import { test } from 'node:test'
import { mergeLineTokens } from '../lib/mdx/merge-code-tokens.mjs'

type Node = { type: string; tagName?: string; value?: string; properties?: { style?: string }; children?: Node[] }
const token = (value: string, style: string): Node => ({ type: 'element', tagName: 'span', properties: { style }, children: [{ type: 'text', value }] })
const A = '--shiki-light:#0E1116;--shiki-dark:#F0F3F6'
const B = '--shiki-light:#A0111F;--shiki-dark:#FF9492'

test('neighbours of one colour become one span, blank tokens fold into a neighbour, and the text is unchanged', () => {
  const line: Node = { type: 'element', tagName: 'span', children: [token('  ', B), token('auth', A), token('.', A), token('start', A), token(' ', B), token('(', A), token('"x"', B)] }
  const text = (n: Node): string => n.value ?? (n.children ?? []).map(text).join('')
  const before = text(line)
  mergeLineTokens(line)
  assert.equal(text(line), before)
  assert.deepEqual(
    line.children!.map((n) => [text(n), n.properties?.style]),
    [['  auth.start (', A], ['"x"', B]]
  )
})

test('a line with other content (not plain tokens) keeps it', () => {
  const odd: Node = { type: 'element', tagName: 'span', properties: { style: A }, children: [token('a', A)] }
  const line: Node = { type: 'element', tagName: 'span', children: [token('x', A), odd, token('y', A)] }
  mergeLineTokens(line)
  assert.equal(line.children!.length, 3)
})
