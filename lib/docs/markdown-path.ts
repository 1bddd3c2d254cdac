/** Where a page's Markdown is served (built into public/ by scripts/build-markdown.ts): `/index.md` for home. */
export function markdownPathOf(route: string): string {
  return route === '/' ? '/index.md' : `${route}.md`
}
