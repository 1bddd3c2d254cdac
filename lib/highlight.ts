import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { codeToTokens, type ThemedToken } from 'shiki'
import { TOOL_PANEL_SNIPPETS } from '../contract/panel-snippets'
import type { CodeLine, CodeToken, HighlightedSnippet, SlotName, SnippetLanguage } from '../components/playground/snippet-types'

// The same themes as Nextra's code blocks, so the playground's snippet looks like the page's.
const THEMES = { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' } as const

function styleOf(token: ThemedToken): Record<string, string> {
  const style = (token.htmlStyle ?? {}) as Record<string, string>
  return { '--shiki-light': style.color ?? style['--shiki-light'] ?? 'inherit', '--shiki-dark': style['--shiki-dark'] ?? 'inherit' }
}

/** Splits a line's tokens at character offset `at`. */
function splitAt(tokens: CodeToken[], at: number): CodeToken[] {
  const out: CodeToken[] = []
  let offset = 0
  for (const token of tokens) {
    const end = offset + token.text.length
    if (at > offset && at < end) {
      out.push({ text: token.text.slice(0, at - offset), style: token.style }, { text: token.text.slice(at - offset), style: token.style })
    } else out.push(token)
    offset = end
  }
  return out
}

/** A literal the browser fills in; `after` picks one of several equal literals by the text just before it. */
export type SlotLiteral = string | { after: string; literal: string }

/** Where a slot's literal starts and ends on a line, or undefined when the line does not hold it. */
function findLiteral(text: string, spec: SlotLiteral): { start: number; end: number } | undefined {
  const { after, literal } = typeof spec === 'string' ? { after: '', literal: spec } : spec
  const at = text.indexOf(after + literal)
  return at < 0 ? undefined : { start: at + after.length, end: at + after.length + literal.length }
}

/**
 * Highlights a snippet file at build time. Each `slots` entry names a literal in the file
 * (e.g. the scopes array) that the browser replaces with the reader's input, keeping its colours.
 */
export async function highlightWithSlots(file: string, language: SnippetLanguage, slots: Partial<Record<SlotName, SlotLiteral>>, grammar: string = language): Promise<HighlightedSnippet> {
  const code = (await readFile(path.join(process.cwd(), file), 'utf8')).trimEnd()
  const { tokens } = await codeToTokens(code, { lang: grammar as SnippetLanguage, themes: THEMES, defaultColor: false })
  const lines: CodeLine[] = tokens.map((lineTokens) => {
    let line: CodeToken[] = lineTokens.map((t) => ({ text: t.content, style: styleOf(t) }))
    const text = line.map((t) => t.text).join('')
    const found = (Object.entries(slots) as Array<[SlotName, SlotLiteral]>).map(([slot, spec]) => ({ slot, at: findLiteral(text, spec) })).find((f) => f.at)
    if (!found) return line
    const { slot } = found
    const { start, end } = found.at!
    line = splitAt(splitAt(line, start), end)
    const before: CodeToken[] = []
    const inside: CodeToken[] = []
    const after: CodeToken[] = []
    let offset = 0
    for (const token of line) {
      ;(offset < start ? before : offset < end ? inside : after).push(token)
      offset += token.text.length
    }
    const stringToken = inside.find((t) => t.text.includes('"')) ?? inside[0]
    const punctuation = inside.find((t) => /^[\s[\],]+$/.test(t.text)) ?? before[before.length - 1] ?? stringToken
    return [...before, { slot, stringStyle: stringToken.style, punctuationStyle: punctuation.style }, ...after]
  })
  for (const [slot, literal] of Object.entries(slots)) {
    const count = lines.filter((l) => l.some((t) => 'slot' in t && t.slot === slot)).length
    if (count !== 1) throw new Error(`${file} must contain ${JSON.stringify(literal)} (slot ${slot}) exactly once, not ${count} times`)
  }
  return { file, language, lines }
}

// The literals the panel replaces with the reader's inputs. The provider is an auth_requirement selector
// (contract/facts.ts `providerSelector`), written the way each language writes an object.
const PLAYGROUND_SLOTS: Record<SnippetLanguage, Partial<Record<SlotName, SlotLiteral>>> = {
  js: {
    providerId: '{ id: "my-atlassian-provider" }',
    scopes: '["read:jira-work", "read:jira-user", "read:me"]',
    query: { after: 'QUERY = ', literal: '""' },
    site: { after: 'SITE = ', literal: '""' }
  },
  python: {
    providerId: '{"id": "my-atlassian-provider"}',
    scopes: '["read:jira-work", "read:jira-user", "read:me"]',
    query: { after: 'QUERY = ', literal: '""' },
    site: { after: 'SITE = ', literal: '""' }
  }
}

/** The snippet the playground shows: what Run does, with the reader's inputs filled in, in JavaScript and in Python. */
export async function highlightPlaygroundSnippet(jsFile: string, pythonFile: string): Promise<HighlightedSnippet> {
  const [js, python] = await Promise.all([highlightWithSlots(jsFile, 'js', PLAYGROUND_SLOTS.js), highlightWithSlots(pythonFile, 'python', PLAYGROUND_SLOTS.python)])
  return { ...js, translations: [python] }
}

// The literals of the tool panel's client call (TOOL_PANEL_SNIPPETS.call).
const TOOL_CALL_SLOTS: Partial<Record<SlotName, SlotLiteral>> = {
  mcpUrl: '"https://docs.example.com/mcp"',
  query: { after: 'QUERY = ', literal: '""' },
  site: { after: 'SITE = ', literal: '""' }
}

/** What the second panel shows: the MCP client call Run makes (the tool it calls is the page's own code above it). */
export async function highlightToolPanelSnippets(): Promise<{ call: HighlightedSnippet }> {
  return { call: await highlightWithSlots(TOOL_PANEL_SNIPPETS.call, 'js', TOOL_CALL_SLOTS) }
}
