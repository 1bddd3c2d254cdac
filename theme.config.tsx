import type { DocsThemeConfig } from 'nextra-theme-docs'
import { useConfig } from 'nextra-theme-docs'
import { ViewAsMarkdown } from './components/docs/ViewAsMarkdown'

const NAME = 'Arcade · Atlassian guide'

const config: DocsThemeConfig = {
  logo: <strong>{NAME}</strong>,
  footer: { content: <span>{NAME}: Arcade&apos;s Atlassian auth provider guide, corrected and runnable.</span> },
  head: function Head() {
    const { title, frontMatter } = useConfig()
    return (
      <>
        <title>{title ? `${title} – ${NAME}` : NAME}</title>
        {frontMatter.description && <meta name="description" content={frontMatter.description} />}
        <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
      </>
    )
  },
  // No public repository: no edit, feedback or issue links.
  editLink: { component: null },
  toc: { extraContent: <ViewAsMarkdown /> },
  feedback: { content: null }
}

export default config
