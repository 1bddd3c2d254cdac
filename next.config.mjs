import { fileURLToPath } from 'node:url'
import nextra from 'nextra'
import { mergeLineTokens } from './lib/mdx/merge-code-tokens.mjs'
import rehypeTableCodeBreaks from './lib/mdx/rehype-table-code-breaks.mjs'
import rehypeTableLabels from './lib/mdx/rehype-table-labels.mjs'
import remarkSnippets from './lib/mdx/remark-snippets.mjs'

const withNextra = nextra({
  theme: 'nextra-theme-docs',
  themeConfig: './theme.config.tsx',
  defaultShowCopyCode: true,
  mdxOptions: {
    remarkPlugins: [remarkSnippets],
    rehypePlugins: [rehypeTableLabels, rehypeTableCodeBreaks],
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
})

const snippetDeps = fileURLToPath(new URL('./lib/mdx/snippet-deps-loader.cjs', import.meta.url))

export default withNextra({
  reactStrictMode: true,
  // Names the framework to every scanner and serves no reader.
  poweredByHeader: false,
  // Pages as Markdown are static files (scripts/build-markdown.ts writes them into public/); these three are routes.
  async rewrites() {
    return [
      { source: '/llms.txt', destination: '/api/docs/llms' },
      { source: '/sitemap.xml', destination: '/api/docs/sitemap' },
      { source: '/robots.txt', destination: '/api/docs/robots' },
      { source: '/mcp', destination: '/api/mcp' }
    ]
  },
  webpack(config) {
    config.module.rules.push({ test: /\.mdx$/, enforce: 'pre', use: [snippetDeps] })
    return config
  }
})
