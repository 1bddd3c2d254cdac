// The site search's ranking, the same in the browser (components/docs/SiteSearch.tsx) and on the server
// (lib/docs/search.ts): MiniSearch (BM25, prefix and fuzzy terms) over one document per section, and in front
// of it a phrase rule, so a pasted error string ranks the section that quotes it before sections that merely
// share its words. No Node imports here: this file ships to the browser.
import MiniSearch, { type SearchResult } from 'minisearch'

/** One section of a page: a heading, its anchor and its text (lib/docs/doc-sections.ts). */
export interface DocSection {
  /** The section's url, unique on the site. */
  id: string
  /** The page's title. */
  title: string
  /** The section's heading; absent for the part of a page before its first subheading. */
  section?: string
  /** The site path with the heading's anchor. */
  url: string
  /** The heading's level (1 for a page's opening part). */
  depth: number
  /** The first paragraph: where a troubleshooting entry quotes what a person sees. */
  lede: string
  /** The code spans of the first paragraph: the strings the section quotes as they are written. */
  quotes: string[]
  /** All the prose, the lede included, whitespace collapsed. */
  text: string
  /** The code fences' text. */
  code: string
}

export interface DocsSearchHit {
  title: string
  section?: string
  /** Site path with #anchor. */
  url: string
  excerpt: string
}

/** Longer queries are cut here: the longest error string the site quotes is about 130 characters. */
export const MAX_QUERY_CHARS = 300
export const DEFAULT_LIMIT = 8
export const MAX_LIMIT = 20
const MIN_QUERY_CHARS = 2
const EXCERPT_CHARS = 180

/** Words keep `_` (error codes such as `access_denied` are one word); each part is indexed too. */
function tokenize(text: string): string[] {
  const words = text.split(/[^\p{L}\p{N}_]+/u).filter(Boolean)
  return words.flatMap((word) => (word.includes('_') ? [word, ...word.split('_').filter(Boolean)] : [word]))
}

/** Case, curly quotes and runs of white space do not matter to a phrase. */
export function normalize(text: string): string {
  return text.toLowerCase().replace(/[‘’]/g, "'").replace(/[“”]/g, '"').replace(/\s+/g, ' ')
}

/** What was pasted, without the quotes or backticks it was copied with. */
function phraseOf(query: string): string {
  return normalize(query.slice(0, MAX_QUERY_CHARS)).trim().replace(/^[`'"]+|[`'"]+$/g, '').trim()
}

interface Indexed extends DocSection {
  heading: string
}

export interface DocsIndex {
  sections: Indexed[]
  engine: MiniSearch<Indexed>
  /** Normalized heading, quotes, lede and text, for the phrase rule. */
  normalized: Map<string, { heading: string; quotes: string[]; lede: string; body: string }>
}

export function createDocsIndex(sections: DocSection[]): DocsIndex {
  const indexed = sections.map((s) => ({ ...s, heading: s.section ?? s.title }))
  const engine = new MiniSearch<Indexed>({
    fields: ['heading', 'text', 'code'],
    tokenize,
    processTerm: (term) => term.toLowerCase()
  })
  engine.addAll(indexed)
  const normalized = new Map(
    indexed.map((s) => [
      s.id,
      { heading: normalize(s.heading), quotes: s.quotes.map((q) => normalize(q).trim()), lede: normalize(s.lede), body: normalize(`${s.text}\n${s.code}`) }
    ])
  )
  return { sections: indexed, engine, normalized }
}

/**
 * 4: the heading holds the phrase; 3: the first paragraph quotes exactly it (a code span equal to it, as a
 * troubleshooting entry quotes an error); 2: the first paragraph holds it; 1: the rest of the section does;
 * 0: only words match.
 */
function phraseTier(index: DocsIndex, id: string, phrase: string): number {
  const text = index.normalized.get(id)!
  if (text.heading.includes(phrase)) return 4
  if (text.quotes.includes(phrase)) return 3
  if (text.lede.includes(phrase)) return 2
  return text.body.includes(phrase) ? 1 : 0
}

/** Up to EXCERPT_CHARS of the prose around the phrase (or the first matched word), cut at word boundaries. */
function excerptOf(section: Indexed, phrase: string, terms: string[]): string {
  const text = section.text || section.code.replace(/\s+/g, ' ')
  const lower = normalize(text)
  let at = lower.indexOf(phrase)
  if (at < 0) at = Math.min(...terms.map((t) => lower.indexOf(t)).filter((i) => i >= 0), Infinity)
  if (!Number.isFinite(at)) at = 0
  let start = Math.max(0, at - 50)
  if (start > 0) start = text.indexOf(' ', start) + 1 || start
  let end = Math.min(text.length, start + EXCERPT_CHARS)
  if (end < text.length) end = text.lastIndexOf(' ', end) > start ? text.lastIndexOf(' ', end) : end
  return `${start > 0 ? '…' : ''}${text.slice(start, end).trim()}${end < text.length ? '…' : ''}`
}

/** The sections for a query, best first: phrase tier, then MiniSearch's score. Each section at most once. */
export function searchDocsIndex(index: DocsIndex, query: string, options: { limit?: number } = {}): DocsSearchHit[] {
  const limit = Math.min(Math.max(1, Math.floor(options.limit ?? DEFAULT_LIMIT)), MAX_LIMIT)
  const phrase = phraseOf(query)
  if (phrase.length < MIN_QUERY_CHARS) return []
  const results: SearchResult[] = index.engine.search(phrase, {
    boost: { heading: 4, text: 1, code: 0.5 },
    prefix: (term) => term.length >= 3,
    fuzzy: (term) => (term.length > 5 ? 0.2 : false),
    combineWith: 'OR'
  })
  const score = new Map(results.map((r) => [r.id as string, r.score]))
  const terms = [...new Set(results.flatMap((r) => r.terms))]
  const ranked = index.sections
    .map((section) => ({ section, tier: phraseTier(index, section.id, phrase), score: score.get(section.id) ?? 0 }))
    .filter((r) => r.tier > 0 || r.score > 0)
    // Among headings that hold the phrase, the broader one first: a deeper heading (a panel code) points back to it.
    .sort((a, b) => b.tier - a.tier || (a.tier === 4 ? a.section.depth - b.section.depth : 0) || b.score - a.score)
  return ranked.slice(0, limit).map(({ section }) => ({
    title: section.title,
    ...(section.section ? { section: section.section } : {}),
    url: section.url,
    excerpt: excerptOf(section, phrase, terms)
  }))
}
