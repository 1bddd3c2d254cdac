// Gives every body cell of a Markdown table its column's header text as data-label, at build time, so on a
// phone styles/site.css can stack each row into labelled lines instead of hiding columns behind a scroll.

function textOf(node) {
  if (node.type === 'text') return node.value
  return (node.children ?? []).map(textOf).join('')
}

const elements = (node, tagName) => (node.children ?? []).filter((c) => c.type === 'element' && c.tagName === tagName)

export default function rehypeTableLabels() {
  return (tree) => {
    const walk = (node) => {
      if (node.type === 'element' && node.tagName === 'table') {
        const headRow = elements(node, 'thead').flatMap((head) => elements(head, 'tr'))[0]
        const labels = headRow ? elements(headRow, 'th').map((th) => textOf(th).trim()) : []
        for (const row of elements(node, 'tbody').flatMap((body) => elements(body, 'tr'))) {
          elements(row, 'td').forEach((td, i) => {
            if (labels[i]) td.properties = { ...td.properties, dataLabel: labels[i] }
          })
        }
        node.properties = { ...node.properties, className: [...(node.properties?.className ?? []), 'stack-on-phones'] }
      }
      node.children?.forEach(walk)
    }
    walk(tree)
  }
}
