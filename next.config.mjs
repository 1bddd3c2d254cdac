import { fileURLToPath } from 'node:url'
import nextra from 'nextra'
import { mdxOptions } from './lib/mdx/mdx-options.mjs'

const withNextra = nextra({
  theme: 'nextra-theme-docs',
  themeConfig: './theme.config.tsx',
  defaultShowCopyCode: true,
  mdxOptions
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
    // The MDX plugins shape every page's chunk: a change to one must not be served from webpack's cache.
    if (config.cache && typeof config.cache === 'object') {
      config.cache.buildDependencies = { ...config.cache.buildDependencies, mdxPlugins: [fileURLToPath(new URL('./lib/mdx/', import.meta.url))] }
    }
    return config
  }
})
