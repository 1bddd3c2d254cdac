// Inline code in table cells may break only after punctuation: a <wbr> after each `,` `/` `:` `;` `&` `?`,
// so a long JSON body or URL wraps at its seams and styles/site.css can forbid breaks inside words
// (an empty <wbr> leaves the cell's text, and what a reader copies, unchanged).

/** The text cut after each separator: `a,b` -> `a,` `b`. */
const PIECES = /[^,/:;&?]*[,/:;&?]|[^,/:;&?]+$/g

function withBreaks(text) {
  const pieces = text.match(PIECES) ?? []
  return pieces.flatMap((piece, i) => {
    const node = { type: 'text', value: piece }
    return i < pieces.length - 1 ? [node, { type: 'element', tagName: 'wbr', properties: {}, children: [] }] : [node]
  })
}

function addBreaks(node) {
  node.children = (node.children ?? []).flatMap((child) => {
    if (child.type === 'text') return withBreaks(child.value)
    if (child.type === 'element') addBreaks(child)
    return [child]
  })
}

export default function rehypeTableCodeBreaks() {
  return (tree) => {
    const walk = (node, inCell) => {
      if (node.type !== 'element' && node.type !== 'root') return
      const cell = inCell || node.tagName === 'td' || node.tagName === 'th'
      if (cell && node.tagName === 'code') return addBreaks(node)
      node.children?.forEach((child) => walk(child, cell))
    }
    walk(tree, false)
  }
}
