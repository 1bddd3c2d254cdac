// A snippet highlighted at build time, with slots the playground fills in the browser.

export interface CodeToken {
  text: string
  /** CSS custom properties --shiki-light / --shiki-dark, as Nextra's code blocks use. */
  style: Record<string, string>
}

export type SlotName = 'providerId' | 'scopes' | 'query'

export interface CodeSlot {
  slot: SlotName
  /** Style of the string literals inside the slot. */
  stringStyle: Record<string, string>
  /** Style of the punctuation between them ([ , ]). */
  punctuationStyle: Record<string, string>
}

export type CodeLine = Array<CodeToken | CodeSlot>

export interface HighlightedSnippet {
  file: string
  lines: CodeLine[]
}
