import { useRouter } from 'next/router'

/** A link to this page as Markdown (built into public/ by scripts/build-markdown.ts): `/index.md` for home. */
export function ViewAsMarkdown() {
  const { pathname } = useRouter()
  const href = pathname === '/' ? '/index.md' : `${pathname}.md`
  return (
    <a href={href} type="text/markdown" className="_text-xs _font-medium _text-gray-600 dark:_text-gray-400 hover:_text-gray-800 dark:hover:_text-gray-200">
      View as Markdown
    </a>
  )
}
