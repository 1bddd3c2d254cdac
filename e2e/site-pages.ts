import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Every page the site builds, from the MDX files under pages/. */
export function sitePages(): string[] {
  return readdirSync('pages', { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && /\.mdx?$/.test(e.name) && e.name !== '404.mdx') // the not-found page is no page of the site
    .map((e) => '/' + path.relative('pages', path.join(e.parentPath, e.name)).replace(/\.mdx?$/, '').replace(/(^|\/)index$/, ''))
    .map((route) => route.replace(/\/$/, '') || '/')
    .sort()
}
