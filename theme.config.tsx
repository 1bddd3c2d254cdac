import type { DocsThemeConfig } from 'nextra-theme-docs'
import { Navbar, SkipNavLink, useConfig } from 'nextra-theme-docs'
import type { ComponentProps, ReactNode } from 'react'
import { PageToc } from './components/docs/PageToc'
import { SiteSearch } from './components/docs/SiteSearch'
import { ViewAsMarkdown } from './components/docs/ViewAsMarkdown'

const NAME = 'Arcade · Atlassian guide'

/** Where the skip link lands: the page's content, focusable so keyboard and screen-reader users start there. */
export const MAIN_CONTENT_ID = 'main-content'

const config: DocsThemeConfig = {
  // Nextra 3 ships a skip link but renders none; put it first in the tab order, before the navbar.
  navbar: {
    component: (props: ComponentProps<typeof Navbar>) => (
      <>
        <SkipNavLink id={MAIN_CONTENT_ID} styled />
        <Navbar {...props} />
      </>
    )
  },
  main: ({ children }: { children: ReactNode }) => (
    <div id={MAIN_CONTENT_ID} tabIndex={-1} className="main-content">
      {children}
    </div>
  ),
  logo: <strong>{NAME}</strong>,
  // One result per section, phrase matches first (components/docs/SiteSearch.tsx), instead of Nextra's FlexSearch.
  search: { component: SiteSearch },
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
  // PageToc: a table of contents that follows the reader (Nextra's misses headings passed in a jump).
  toc: { component: PageToc, extraContent: <ViewAsMarkdown /> },
  feedback: { content: null }
}

export default config
