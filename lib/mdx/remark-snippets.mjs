// Fills a code fence whose meta names a snippet file, e.g. ```python filename="snippets/app-code.py" {8-12}
// with an empty body, with that file's text at build time. Nextra's rehype-pretty-code then highlights it
// (both themes, line highlights, copy button, and the filename as the header), so no highlighter ships.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

// Not `new URL('../../', import.meta.url)`: webpack reads that as an asset to bundle when a server route
// imports this file (lib/docs/search.ts), and fails the build.
export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..')
export const SNIPPET_META = /(?:^|\s)filename="(snippets\/[^"]+)"/

/** The snippet a fence's meta names, or undefined. */
export function snippetPath(meta) {
  return meta?.match(SNIPPET_META)?.[1]
}

export default function remarkSnippets({ root = ROOT } = {}) {
  return (tree, file) => {
    const walk = (node) => {
      if (node.type === 'code') {
        const rel = snippetPath(node.meta)
        if (!rel) return
        if (node.value.trim() !== '') {
          throw new Error(`${file.path}: the fence for ${rel} must be empty; the snippet file is the source`)
        }
        // A missing file fails the build (readFileSync throws ENOENT with the path).
        node.value = readFileSync(path.join(root, rel), 'utf8').replace(/\n$/, '')
      }
      node.children?.forEach(walk)
    }
    walk(tree)
  }
}
