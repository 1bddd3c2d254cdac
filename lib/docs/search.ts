// The site's search on the server: the signature the search branch exports (lib/docs/search.ts there). This is
// a minimal stand-in over the same Markdown a reader gets at PATH.md, so /mcp's search works until that merges;
// on merge, the search branch's file replaces this one.
import MiniSearch from 'minisearch'
import { pageMarkdownFromFile } from './page-markdown'
import { listSitePages } from './site-pages'

export interface SearchHit {
  title: string
  section?: string
  url: string
  excerpt: string
}

interface Section {
  id: number
  title: string
  section?: string
  url: string
  text: string
}

const HEADING = /^#{1,4} (.+?)(?: \{#([a-z0-9-]+)\})?$/

function sectionsOf(markdown: string, title: string, route: string, first: number): Section[] {
  const sections: Section[] = []
  let current: Section = { id: first, title, url: route, text: '' }
  for (const line of markdown.split('\n')) {
    const heading = line.match(HEADING)
    // The page's own `# ` title is the page; each `##`-`####` heading starts a section with its anchor.
    if (heading && !line.startsWith('# ')) {
      sections.push(current)
      current = { id: first + sections.length, title, section: heading[1], url: heading[2] ? `${route}#${heading[2]}` : route, text: '' }
    } else current.text += `${line}\n`
  }
  sections.push(current)
  return sections
}

let index: Promise<{ search: MiniSearch<Section>; byId: Map<number, Section> }> | undefined

function buildIndex() {
  const sections = listSitePages().flatMap((page, i) => sectionsOf(pageMarkdownFromFile(page.file, page.route), page.title, page.route, i * 10_000))
  const search = new MiniSearch<Section>({ fields: ['section', 'text'], storeFields: [], searchOptions: { boost: { section: 3 }, prefix: true, fuzzy: 0.1 } })
  search.addAll(sections)
  return { search, byId: new Map(sections.map((s) => [s.id, s])) }
}

function excerpt(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 240 ? `${flat.slice(0, 239)}…` : flat
}

export async function searchDocs(query: string, options: { limit?: number } = {}): Promise<SearchHit[]> {
  index ??= Promise.resolve().then(buildIndex)
  const { search, byId } = await index
  return search
    .search(query)
    .slice(0, options.limit ?? 10)
    .map((hit) => byId.get(hit.id as number)!)
    .map(({ title, section, url, text }) => ({ title, ...(section && { section }), url, excerpt: excerpt(text) }))
}
