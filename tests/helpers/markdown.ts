// Reads Markdown back the way GitHub and most ticket systems render it (CommonMark + GFM), to check what a
// pasted report would turn into.
import type { Nodes } from 'mdast'
import { unified } from 'unified'
import remarkParse from 'remark-parse'
import remarkGfm from 'remark-gfm'

export interface MarkdownFindings {
  links: string[]
  images: string[]
  html: string[]
  /** Inline code and code block values, as the reader sees them. */
  code: string[]
}

export function linksAndImages(markdown: string): MarkdownFindings {
  const tree = unified().use(remarkParse).use(remarkGfm).parse(markdown)
  const found: MarkdownFindings = { links: [], images: [], html: [], code: [] }
  const visit = (node: Nodes) => {
    if (node.type === 'link') found.links.push(node.url)
    if (node.type === 'image' || node.type === 'imageReference') found.images.push(node.type === 'image' ? node.url : node.identifier)
    if (node.type === 'linkReference' || node.type === 'definition') found.links.push(`reference:${node.identifier}`)
    if (node.type === 'html') found.html.push(node.value)
    if (node.type === 'inlineCode' || node.type === 'code') found.code.push(node.value)
    if ('children' in node) node.children.forEach((child) => visit(child as Nodes))
  }
  visit(tree)
  return found
}
