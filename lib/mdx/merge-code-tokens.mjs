// Shiki gives a span to every grammar token, even where neighbours share a colour. Joining such neighbours
// (and folding blank tokens, whose colour nobody sees, into a neighbour) renders the same code with far fewer
// elements: a smaller DOM and a smaller page chunk. Used as rehype-pretty-code's onVisitLine.

const isToken = (node) =>
  node?.type === 'element' && node.tagName === 'span' && node.children.length === 1 && node.children[0].type === 'text'
const isBlank = (node) => /^\s*$/.test(node.children[0].value)

/** Merges one highlighted line's token spans in place. */
export function mergeLineTokens(line) {
  const merged = []
  for (const node of line.children) {
    const previous = merged.at(-1)
    if (isToken(previous) && isToken(node)) {
      if (previous.properties.style === node.properties.style || isBlank(node)) {
        previous.children[0].value += node.children[0].value
        continue
      }
      if (isBlank(previous)) {
        node.children[0].value = previous.children[0].value + node.children[0].value
        merged[merged.length - 1] = node
        continue
      }
    }
    merged.push(node)
  }
  line.children = merged
}
