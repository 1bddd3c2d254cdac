import type { DocsThemeConfig } from 'nextra-theme-docs'

const config: DocsThemeConfig = {
  logo: <strong>Arcade · Atlassian guide</strong>,
  footer: { content: <span>Arcade Atlassian auth guide, runnable.</span> }
}

export default config
