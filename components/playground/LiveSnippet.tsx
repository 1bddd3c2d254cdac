import { Code, Pre } from 'nextra/components'
import type { CSSProperties, ReactNode } from 'react'
import type { CodeSlot, HighlightedSnippet } from './snippet-types'

export type SlotValues = { providerId: string; scopes: string[]; query: string }

function renderSlot(slot: CodeSlot, values: SlotValues): ReactNode {
  const str = (value: string, key?: string) => (
    <span key={key} style={slot.stringStyle as CSSProperties}>
      {JSON.stringify(value)}
    </span>
  )
  const punct = (text: string, key?: string) => (
    <span key={key} style={slot.punctuationStyle as CSSProperties}>
      {text}
    </span>
  )
  if (slot.slot === 'providerId') return str(values.providerId)
  if (slot.slot === 'query') return str(values.query)
  return [punct('[', 'open'), ...values.scopes.flatMap((s, i) => (i === 0 ? [str(s, s)] : [punct(', ', `c${i}`), str(s, s)])), punct(']', 'close')]
}

/** The build-time highlighted snippet, with the reader's inputs in place of its literals (no highlighter in the browser). */
export function LiveSnippet({ snippet, values }: { snippet: HighlightedSnippet; values: SlotValues }) {
  return (
    // Focusable so keyboard users can scroll long lines (axe scrollable-region-focusable).
    <Pre data-filename={snippet.file} data-copy="" tabIndex={0}>
      <Code data-language="js">
        {snippet.lines.map((line, i) => (
          <span key={i}>
            {line.map((token, j) =>
              'slot' in token ? (
                <span key={j} data-slot={token.slot}>
                  {renderSlot(token, values)}
                </span>
              ) : (
                <span key={j} style={token.style as CSSProperties}>
                  {token.text}
                </span>
              )
            )}
            {i < snippet.lines.length - 1 ? '\n' : null}
          </span>
        ))}
      </Code>
    </Pre>
  )
}
