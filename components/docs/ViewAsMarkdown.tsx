import { useRouter } from 'next/router'
import { markdownPathOf } from '../../lib/docs/markdown-path'

/** A link to this page as Markdown (built into public/ by scripts/build-markdown.ts). */
export function ViewAsMarkdown() {
  const href = markdownPathOf(useRouter().pathname)
  return (
    <a href={href} type="text/markdown" className="_text-xs _font-medium _text-gray-600 dark:_text-gray-400 hover:_text-gray-800 dark:hover:_text-gray-200">
      View as Markdown
    </a>
  )
}
