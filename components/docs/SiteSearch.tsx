import { useThemeConfig } from 'nextra-theme-docs'
import type { FC, ReactNode } from 'react'

/** The site's search box (whatever theme.config.tsx sets as the theme's search), placed in a page's body. */
export function SiteSearch({ className }: { className?: string }) {
  const Search = useThemeConfig().search.component as ReactNode | FC<{ className?: string }>
  return typeof Search === 'function' ? <Search className={className} /> : <>{Search}</>
}
