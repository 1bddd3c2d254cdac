// The site's pages cut into sections, one per heading with the anchor the site gives it: what the site search
// indexes (scripts/build-markdown.ts writes them for the browser; lib/docs/search.ts reads them on the server).
import { readFileSync } from 'node:fs'
import path from 'node:path'
import GithubSlugger from 'github-slugger'
import type { Heading, Root, RootContent } from 'mdast'
import { pageMarkdownTree } from './page-markdown'
import { listSitePages, type SitePage } from './site-pages'
import type { DocSection } from './search-engine'

/** A node's text, inline code included (as Nextra's remark-headings flattens a heading). */
function toString(node: RootContent | Root): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  return 'children' in node ? (node.children as RootContent[]).map(toString).join(node.type === 'list' || node.type === 'table' || node.type === 'blockquote' ? ' ' : '') : ''
}

/** `Heading {#anchor}`, as page-markdown writes Nextra's `[#anchor]` custom ids. */
const CUSTOM_ID = /\s*\{#([a-z0-9-]+)\}\s*$/

function headingParts(heading: Heading): { text: string; customId?: string } {
  const raw = toString(heading)
  const match = raw.match(CUSTOM_ID)
  return match ? { text: raw.slice(0, match.index).trim(), customId: match[1] } : { text: raw.trim() }
}

/** Prose of a run of nodes, code fences apart (they are indexed, but never quoted in an excerpt). */
function proseAndCode(nodes: RootContent[]): Pick<DocSection, 'lede' | 'quotes' | 'text' | 'code'> {
  const prose: RootContent[] = []
  const code: string[] = []
  for (const node of nodes) {
    if (node.type === 'code') code.push(node.value)
    else if (node.type !== 'html') prose.push(node)
  }
  const clean = (parts: string[]) => parts.join(' ').replace(/\s+/g, ' ').trim()
  const quotes: string[] = []
  const collect = (node: RootContent) => {
    if (node.type === 'inlineCode') quotes.push(node.value)
    else if ('children' in node) (node.children as RootContent[]).forEach(collect)
  }
  if (prose[0]) collect(prose[0])
  return { lede: clean(prose.slice(0, 1).map(toString)), quotes, text: clean(prose.map(toString)), code: clean(code) }
}

/** One page's sections: the part before the first subheading under the page title, then one per heading. */
export function pageSections(page: SitePage, tree: Root): DocSection[] {
  // Nextra's ids: github-slugger over the custom id or the heading's text, h1 excluded (remark-headings.js).
  const slugger = new GithubSlugger()
  const sections: DocSection[] = []
  let current: { heading?: string; anchor?: string; depth: number; nodes: RootContent[] } = { depth: 1, nodes: [] }
  const flush = () => {
    const { lede, quotes, text, code } = proseAndCode(current.nodes)
    // A heading with no text of its own only groups the headings below it, which are found instead.
    if (!text && !code) return
    sections.push({
      id: `${page.route}#${current.anchor ?? ''}`,
      title: page.title,
      ...(current.heading ? { section: current.heading } : {}),
      url: current.anchor ? `${page.route}#${current.anchor}` : page.route,
      depth: current.depth,
      lede,
      quotes,
      text,
      code
    })
  }
  for (const node of tree.children) {
    if (node.type !== 'heading') {
      current.nodes.push(node)
      continue
    }
    if (node.depth === 1) continue
    flush()
    const { text, customId } = headingParts(node)
    current = { heading: text, anchor: slugger.slug(customId ?? text), depth: node.depth, nodes: [] }
  }
  flush()
  return sections
}

/** Every section of every page, in the site's page order. */
export function siteSections(root = process.cwd()): DocSection[] {
  return listSitePages(root).flatMap((page) => {
    const source = readFileSync(path.join(root, page.file), 'utf8')
    return pageSections(page, pageMarkdownTree(source, page.route, root, { keepStepHeadings: true }))
  })
}
