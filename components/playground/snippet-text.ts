// The live snippet's text with the reader's inputs in its slots: what LiveSnippet shows and the copy
// button copies, and what the tests run. Pure, so the browser renders it without a highlighter.
import { providerSelector } from '../../contract/facts'
import type { CodeLine, CodeSlot, CodeToken, HighlightedSnippet, SnippetLanguage } from './snippet-types'

export type SlotValues = {
  providerId: string
  scopes: string[]
  query: string
  /** The Jira site field (empty: the first Jira site the token reaches). */
  site?: string
  /** The MCP endpoint a client snippet connects to (this site's /mcp). */
  mcpUrl?: string
}

/** The widest line a snippet may have: wider lines are cut on a phone. */
export const MAX_COLUMNS = 80

export interface SlotPiece {
  text: string
  kind: 'string' | 'punctuation'
}

/** A JSON string literal is a valid string literal in JavaScript and in Python alike. */
const literal = (value: string): SlotPiece => ({ text: JSON.stringify(value), kind: 'string' })
const punctuation = (text: string): SlotPiece => ({ text, kind: 'punctuation' })

/**
 * What a slot renders to, given the text before and after it on its line. A list that would make the
 * line wider than MAX_COLUMNS gets one item a line, as a formatter would write it.
 */
export function slotPieces(slot: CodeSlot, values: SlotValues, language: SnippetLanguage, before: string, after: string): SlotPiece[] {
  if (slot.slot === 'providerId') {
    // The same selector the server sends (lib/playground/authorization.ts): the kind, or a record's ID.
    const [[key, value]] = Object.entries(providerSelector(values.providerId))
    return language === 'python'
      ? [punctuation('{'), literal(key), punctuation(': '), literal(value), punctuation('}')]
      : [punctuation(`{ ${key}: `), literal(value), punctuation(' }')]
  }
  if (slot.slot === 'query') return [literal(values.query)]
  if (slot.slot === 'mcpUrl') return [literal(values.mcpUrl ?? '')]
  if (slot.slot === 'site') return [literal(values.site ?? '')]
  const items = values.scopes.map(literal)
  const oneLine = 2 + items.reduce((n, item, i) => n + item.text.length + (i ? 2 : 0), 0)
  if (items.length === 0 || before.length + oneLine + after.length <= MAX_COLUMNS) {
    return [punctuation('['), ...items.flatMap((item, i) => (i ? [punctuation(', '), item] : [item])), punctuation(']')]
  }
  const indent = /^\s*/.exec(before)![0]
  const itemIndent = indent + (language === 'python' ? '    ' : '  ')
  return [punctuation('[\n'), ...items.flatMap((item) => [punctuation(itemIndent), item, punctuation(',\n')]), punctuation(`${indent}]`)]
}

export type ResolvedToken = { code: CodeToken } | { slot: CodeSlot; pieces: SlotPiece[] }

/** Each token of a line, with its slot (if any) resolved to the pieces it shows. */
export function resolveLine(line: CodeLine, values: SlotValues, language: SnippetLanguage): ResolvedToken[] {
  const texts = line.map((t) => ('slot' in t ? '' : t.text))
  return line.map((token, i) =>
    'slot' in token
      ? { slot: token, pieces: slotPieces(token, values, language, texts.slice(0, i).join(''), texts.slice(i + 1).join('')) }
      : { code: token }
  )
}

const textOf = (resolved: ResolvedToken) => ('code' in resolved ? resolved.code.text : resolved.pieces.map((p) => p.text).join(''))

/** The snippet's text exactly as the panel shows it (and its copy button copies). */
export function snippetText(snippet: HighlightedSnippet, values: SlotValues): string {
  return snippet.lines.map((line) => resolveLine(line, values, snippet.language).map(textOf).join('')).join('\n')
}

/** The variant of a snippet in the chosen language (the snippet itself when it has none). */
export function inLanguage(snippet: HighlightedSnippet, language: SnippetLanguage): HighlightedSnippet {
  return [snippet, ...(snippet.translations ?? [])].find((s) => s.language === language) ?? snippet
}
