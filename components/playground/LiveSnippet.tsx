import { Code, Pre } from 'nextra/components'
import { useEffect, useState, type CSSProperties } from 'react'
import { LANGUAGE_TABS, type HighlightedSnippet, type SnippetLanguage } from './snippet-types'
import { inLanguage, resolveLine, type SlotValues } from './snippet-text'

export type { SlotValues } from './snippet-text'

/** The page's Tabs keep the chosen tab's index in localStorage under this key (nextra 3.3.1 Tabs). */
const LANGUAGE_STORAGE_KEY = 'language'

const languageAt = (stored: string | null): SnippetLanguage => LANGUAGE_TABS[Number(stored)] ?? LANGUAGE_TABS[0]

/** Chooses the page's language as a click on a tab does (nextra 3.3.1 Tabs' handleChange): every Tabs and panel follows. */
export function chooseLanguage(language: SnippetLanguage): void {
  const newValue = String(LANGUAGE_TABS.indexOf(language))
  localStorage.setItem(LANGUAGE_STORAGE_KEY, newValue)
  window.dispatchEvent(new StorageEvent('storage', { key: LANGUAGE_STORAGE_KEY, newValue }))
}

/** The language the reader chose in the page's Tabs; the first tab until the browser says otherwise, as Tabs do. */
export function useChosenLanguage(): SnippetLanguage {
  const [language, setLanguage] = useState<SnippetLanguage>(LANGUAGE_TABS[0])
  useEffect(() => {
    setLanguage(languageAt(localStorage.getItem(LANGUAGE_STORAGE_KEY)))
    // Tabs dispatch a StorageEvent in this window when the reader picks a tab; other windows get one anyway.
    const onStorage = (event: StorageEvent) => {
      if (event.key === LANGUAGE_STORAGE_KEY) setLanguage(languageAt(event.newValue))
    }
    window.addEventListener('storage', onStorage)
    return () => window.removeEventListener('storage', onStorage)
  }, [])
  return language
}

/** The build-time highlighted snippet, in the reader's language, with the reader's inputs in place of its literals (no highlighter in the browser). */
export function LiveSnippet({ snippet, language, values }: { snippet: HighlightedSnippet; language: SnippetLanguage; values: SlotValues }) {
  const shown = inLanguage(snippet, language)
  return (
    // Focusable so keyboard users can scroll long lines (axe scrollable-region-focusable).
    <Pre data-filename={shown.file} data-copy="" data-word-wrap="" tabIndex={0}>
      <Code data-snippet-language={shown.language}>
        {shown.lines.map((line, i) => (
          <span key={i}>
            {resolveLine(line, values, shown.language).map((resolved, j) =>
              'slot' in resolved ? (
                <span key={j} data-slot={resolved.slot.slot}>
                  {resolved.pieces.map((piece, k) => (
                    <span key={k} style={(piece.kind === 'string' ? resolved.slot.stringStyle : resolved.slot.punctuationStyle) as CSSProperties}>
                      {piece.text}
                    </span>
                  ))}
                </span>
              ) : (
                <span key={j} style={resolved.code.style as CSSProperties}>
                  {resolved.code.text}
                </span>
              )
            )}
            {i < shown.lines.length - 1 ? '\n' : null}
          </span>
        ))}
      </Code>
    </Pre>
  )
}
