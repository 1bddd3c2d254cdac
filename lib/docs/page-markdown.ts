// An MDX page as plain Markdown, for people and agents: code fences filled from their snippet files (the same
// remark plugin the site build uses) and the site's components turned into Markdown any reader understands.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { BlockContent, Code, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent, Text } from 'mdast'
import type { MdxJsxAttribute, MdxJsxFlowElement } from 'mdast-util-mdx-jsx'
import remarkFrontmatter from 'remark-frontmatter'
import remarkGfm from 'remark-gfm'
import remarkMdx from 'remark-mdx'
import remarkParse from 'remark-parse'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import remarkSnippets, { snippetPath } from '../mdx/remark-snippets.mjs'
import { PANEL_CODE_FILES, type PanelKind } from '../../contract/panel-snippets'
import { connectMarkdown, SITE_PLACEHOLDER } from './connect-clients'

type Node = RootContent

const text = (value: string): Text => ({ type: 'text', value })
const strong = (value: string): PhrasingContent => ({ type: 'strong', children: [text(value)] })
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children })

function attribute(node: MdxJsxFlowElement, name: string): string | undefined {
  const found = node.attributes.find((a): a is MdxJsxAttribute => a.type === 'mdxJsxAttribute' && a.name === name)
  if (!found || found.value == null) return undefined
  return typeof found.value === 'string' ? found.value : found.value.value
}

/** `items={['Python', 'JavaScript']}` as a list of labels. */
function tabLabels(node: MdxJsxFlowElement): string[] {
  return [...(attribute(node, 'items') ?? '').matchAll(/'([^']*)'|"([^"]*)"/g)].map((m) => m[1] ?? m[2])
}

function plainText(node: Node | Root): string {
  if ('value' in node && typeof node.value === 'string') return node.value
  return 'children' in node ? (node.children as Node[]).map(plainText).join('') : ''
}

/** Marks where a tab's content begins once Tabs.Tab is unwrapped, so Tabs can label it. */
const TAB_START: Node = { type: 'html', value: '<!-- tab -->' }
const isTabStart = (node: Node) => node === TAB_START

const CALLOUT_LABEL: Record<string, string> = { warning: 'Warning', error: 'Important', info: 'Note' }

/** Steps: each step heading becomes a numbered item holding the heading's text and what follows it. */
function stepsAsList(children: Node[]): List {
  const items: ListItem[] = []
  for (const child of children) {
    if (child.type === 'heading') items.push({ type: 'listItem', spread: true, children: [paragraph(strong(plainText(child)))] })
    else if (items.length > 0) items.at(-1)!.children.push(child as BlockContent)
  }
  return { type: 'list', ordered: true, start: 1, spread: true, children: items }
}

function panelCode(root: string, panel: PanelKind): Code[] {
  return PANEL_CODE_FILES[panel].map(({ file, lang }) => ({ type: 'code', lang, meta: `filename="${file}"`, value: readFileSync(path.join(root, file), 'utf8').trimEnd() }))
}

/** The project root of the page being converted (the snippet files are relative to it). */
let pageRoot = process.cwd()

export interface MarkdownTreeOptions {
  /** Keep each step's heading as a heading (the site search indexes it: it has an anchor on the page). */
  keepStepHeadings?: boolean
}

/** The replacement for one component, already converted inside. */
function componentAsMarkdown(node: MdxJsxFlowElement, pageRoute: string, options: MarkdownTreeOptions): Node[] {
  const children = node.children as Node[]
  switch (node.name) {
    case 'Tabs': {
      // Tabs.Tab children were unwrapped already; each tab's content starts at a tabStart marker.
      const labels = tabLabels(node)
      let tab = 0
      return children.map((c) => {
        if (!isTabStart(c)) return c
        tab += 1
        return paragraph(strong(`${labels[tab - 1] ?? `Tab ${tab}`}:`))
      })
    }
    case 'Tabs.Tab':
      return [TAB_START, ...children]
    case 'Callout': {
      const label = CALLOUT_LABEL[attribute(node, 'type') ?? '']
      const [first, ...rest] = children
      if (label && first?.type === 'paragraph') first.children.unshift(strong(`${label}:`), text(' '))
      return [{ type: 'blockquote', children: [first, ...rest].filter(Boolean) as BlockContent[] }]
    }
    case 'Steps':
      return options.keepStepHeadings ? children : [stepsAsList(children)]
    case 'Playground':
    case 'LazyPlayground': {
      const id = attribute(node, 'id')
      const link = `${pageRoute}${id ? `#${id}` : ''}`
      return [
        {
          type: 'blockquote',
          children: [
            paragraph(
              strong('Runnable panel:'),
              text(' the web version of this page has a Run it panel here, at '),
              { type: 'link', url: link, children: [text(link)] },
              text(', that runs this for real against Arcade (or the site\'s sandbox).')
            ),
            ...(children as BlockContent[])
          ]
        },
        // What the panel runs, as its code view shows it (before the reader's choices are filled in).
        paragraph(strong('The code this panel runs:')),
        ...panelCode(pageRoot, attribute(node, 'panel') === 'tool' ? 'tool' : 'app')
      ]
    }
    case 'SetupCheck':
      return [
        paragraph(
          strong('Interactive check:'),
          text(' the web version of this page runs the checks here; the same answer is JSON at '),
          { type: 'inlineCode', value: 'GET /api/playground/doctor' },
          text('.')
        )
      ]
    case 'ConnectCommands':
      // The static Markdown cannot know the site's address; /llms.txt and read_page over /mcp fill it in.
      return unified().use(remarkParse).parse(connectMarkdown(SITE_PLACEHOLDER)).children as Node[]
    default:
      return children
  }
}

/** Nextra's `## Heading [#anchor]` custom ids, written the way other Markdown tools read them: `{#anchor}`. */
function keepCustomId(heading: Heading): void {
  const last = heading.children.at(-1)
  if (last?.type !== 'text') return
  const match = last.value.match(/\s*\[#([a-z0-9-]+)\]\s*$/)
  if (match) last.value = `${last.value.slice(0, match.index)} {#${match[1]}}`
}

function transform(nodes: Node[], pageRoute: string, options: MarkdownTreeOptions): Node[] {
  return nodes.flatMap((node): Node[] => {
    if (node.type === 'yaml' || node.type === 'mdxjsEsm' || node.type === 'mdxFlowExpression') return []
    if (node.type === 'mdxTextExpression') return []
    if (node.type === 'heading') keepCustomId(node)
    if (node.type === 'code') {
      const file = snippetPath(node.meta)
      // The line highlights only make sense on the site; the file name tells the reader where the code lives.
      ;(node as Code).meta = file ? `filename="${file}"` : node.meta
    }
    if ('children' in node) (node as { children: Node[] }).children = transform(node.children as Node[], pageRoute, options)
    if (node.type === 'mdxJsxFlowElement') return componentAsMarkdown(node, pageRoute, options)
    if (node.type === 'mdxJsxTextElement') return node.children as Node[]
    return [node]
  })
}

/** The Markdown tree of one MDX page, before it is written out (the site search reads it section by section). */
export function pageMarkdownTree(source: string, pageRoute: string, root = process.cwd(), options: MarkdownTreeOptions = {}): Root {
  pageRoot = root
  const processor = unified().use(remarkParse).use(remarkFrontmatter).use(remarkMdx).use(remarkGfm)
  const tree = processor.parse(source) as Root
  remarkSnippets({ root })(tree, { path: pageRoute })
  tree.children = transform(tree.children, pageRoute, options) as Root['children']
  return tree
}

/** The Markdown of one MDX page. `root` is the project root the snippet paths are relative to. */
export function pageMarkdown(source: string, pageRoute: string, root = process.cwd()): string {
  const tree = pageMarkdownTree(source, pageRoute, root)
  return unified().use(remarkStringify, { bullet: '-', fences: true, rule: '-' }).use(remarkGfm).stringify(tree)
}

export function pageMarkdownFromFile(file: string, pageRoute: string, root = process.cwd()): string {
  return pageMarkdown(readFileSync(path.join(root, file), 'utf8'), pageRoute, root)
}
