// The MDX pipeline of every page: next.config.mjs hands it to Nextra, and tests compile with the same options.
import { mergeLineTokens } from './merge-code-tokens.mjs'
import recmaStaticCode from './recma-static-code.mjs'
import rehypeTableCodeBreaks from './rehype-table-code-breaks.mjs'
import rehypeTableLabels from './rehype-table-labels.mjs'
import remarkSnippets from './remark-snippets.mjs'

/** @type {NonNullable<import('nextra').NextraConfig['mdxOptions']>} */
export const mdxOptions = {
  remarkPlugins: [remarkSnippets],
  rehypePlugins: [rehypeTableLabels, rehypeTableCodeBreaks],
  // Highlighted code ships as static HTML, so hydration does not walk its token spans.
  recmaPlugins: [recmaStaticCode],
  rehypePrettyCodeOptions: {
    // github-light's orange and github-dark's grey fail WCAG AA contrast; these variants pass.
    theme: { light: 'github-light-high-contrast', dark: 'github-dark-high-contrast' },
    // Nextra's default puts a space into blank lines, so copied code would differ from the file.
    onVisitLine: (line) => {
      delete line.properties['data-line']
      mergeLineTokens(line)
    }
  }
}
