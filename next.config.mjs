import { fileURLToPath } from 'node:url'
import nextra from 'nextra'
import remarkSnippets from './lib/mdx/remark-snippets.mjs'

const withNextra = nextra({
  theme: 'nextra-theme-docs',
  themeConfig: './theme.config.tsx',
  mdxOptions: { remarkPlugins: [remarkSnippets] }
})

const snippetDeps = fileURLToPath(new URL('./lib/mdx/snippet-deps-loader.cjs', import.meta.url))

export default withNextra({
  reactStrictMode: true,
  webpack(config) {
    config.module.rules.push({ test: /\.mdx$/, enforce: 'pre', use: [snippetDeps] })
    return config
  }
})
