// A snippet highlighted at build time, with slots the playground fills in the browser.

export interface CodeToken {
  text: string
  /** CSS custom properties --shiki-light / --shiki-dark, as Nextra's code blocks use. */
  style: Record<string, string>
}

export type SlotName = 'providerId' | 'scopes' | 'query' | 'site'

export interface CodeSlot {
  slot: SlotName
  /** Style of the string literals inside the slot. */
  stringStyle: Record<string, string>
  /** Style of the punctuation between them ([ , ]). */
  punctuationStyle: Record<string, string>
}

export type CodeLine = Array<CodeToken | CodeSlot>

/** The languages of the guide's Tabs, in their order: `items={['Python', 'JavaScript']} storageKey="language"`. */
export const LANGUAGE_TABS = ['python', 'js'] as const
export type SnippetLanguage = (typeof LANGUAGE_TABS)[number]

export interface HighlightedSnippet {
  file: string
  language: SnippetLanguage
  lines: CodeLine[]
  /** The same code in the other languages a reader can choose in the page's Tabs. */
  translations?: HighlightedSnippet[]
}
