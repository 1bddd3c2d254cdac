// The site's search box (theme.config.tsx `search.component`), in place of Nextra's: one result per section,
// ranked by lib/docs/search-engine.ts (the server's searchDocs uses the same), so a pasted error string lands
// on the troubleshooting entry that quotes it. An ARIA combobox: arrows move, Enter opens, Escape closes.
import Link from 'next/link'
import { useRouter } from 'next/router'
import { useCallback, useEffect, useId, useMemo, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { DocsSearchHit } from '../../lib/docs/search-engine'
import { loadDocsSearch, type DocsSearch } from './docs-index-loader'
import styles from './site-search.module.css'

const RESULT_LIMIT = 10

type IndexState = { kind: 'idle' } | { kind: 'loading' } | { kind: 'ready'; search: DocsSearch } | { kind: 'failed' }

/** The excerpt with each occurrence of the query marked (text only: React escapes it). */
function Excerpt({ text, query }: { text: string; query: string }) {
  const needle = query.trim().toLowerCase()
  if (needle.length < 2) return <>{text}</>
  const parts: ReactNode[] = []
  const lower = text.toLowerCase()
  let from = 0
  for (let at = lower.indexOf(needle); at >= 0 && parts.length < 20; at = lower.indexOf(needle, from)) {
    parts.push(text.slice(from, at), <mark key={at}>{text.slice(at, at + needle.length)}</mark>)
    from = at + needle.length
  }
  parts.push(text.slice(from))
  return <>{parts}</>
}

/** `label` names the search landmark: a page that adds a second search box (the 404) gives it its own name. */
export function SiteSearch({ className, label = 'Site search' }: { className?: string; label?: string }) {
  const router = useRouter()
  const id = useId()
  const listId = `${id}-results`
  const [query, setQuery] = useState('')
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(0)
  const [state, setState] = useState<IndexState>({ kind: 'idle' })

  const load = useCallback(() => {
    if (state.kind === 'loading' || state.kind === 'ready') return
    setState({ kind: 'loading' })
    loadDocsSearch()
      .then((search) => setState({ kind: 'ready', search }))
      .catch(() => setState({ kind: 'failed' }))
  }, [state.kind])

  // What was typed while the index loaded is searched as soon as it is ready: nothing typed is dropped.
  const hits: DocsSearchHit[] = useMemo(() => (state.kind === 'ready' && query.trim() ? state.search(query, { limit: RESULT_LIMIT }) : []), [state, query])
  const showList = open && query.trim().length > 0
  const activeIndex = Math.min(active, Math.max(hits.length - 1, 0))

  useEffect(() => setActive(0), [query])
  useEffect(() => {
    if (showList) document.getElementById(`${id}-hit-${activeIndex}`)?.scrollIntoView({ block: 'nearest' })
  }, [id, showList, activeIndex])

  // A page turn closes the list; the query stays, so the reader can come back to the other results.
  useEffect(() => {
    const close = () => setOpen(false)
    router.events.on('routeChangeStart', close)
    router.events.on('hashChangeStart', close)
    return () => {
      router.events.off('routeChangeStart', close)
      router.events.off('hashChangeStart', close)
    }
  }, [router.events])

  function go(hit: DocsSearchHit) {
    setOpen(false)
    void router.push(hit.url)
  }

  function onKeyDown(event: KeyboardEvent<HTMLInputElement>) {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      setOpen(true)
      if (hits.length > 0) setActive((activeIndex + (event.key === 'ArrowDown' ? 1 : hits.length - 1)) % hits.length)
    } else if (event.key === 'Enter') {
      if (showList && hits[activeIndex]) {
        event.preventDefault()
        go(hits[activeIndex])
      }
    } else if (event.key === 'Escape') {
      if (showList) {
        event.preventDefault()
        setOpen(false)
      } else setQuery('')
    }
  }

  const status =
    !showList ? '' : state.kind === 'failed' ? 'The search could not load. Try again in a moment.' : state.kind !== 'ready' ? 'Loading the search…' : hits.length === 0 ? 'No results.' : `${hits.length} result${hits.length === 1 ? '' : 's'}; use the arrow keys to choose, Enter to open.`

  return (
    <div className={`${styles.search} ${className ?? ''}`} role="search" aria-label={label}>
      <label htmlFor={`${id}-input`} className={styles.visuallyHidden}>
        Search documentation
      </label>
      <input
        id={`${id}-input`}
        className={styles.input}
        type="search"
        placeholder="Search documentation…"
        autoComplete="off"
        spellCheck={false}
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={showList && hits.length > 0}
        aria-controls={listId}
        aria-activedescendant={showList && hits[activeIndex] ? `${id}-hit-${activeIndex}` : undefined}
        value={query}
        onFocus={() => {
          load()
          setOpen(true)
        }}
        onChange={(event) => {
          load()
          setQuery(event.target.value)
          setOpen(true)
        }}
        onBlur={(event) => {
          // Keep the list while the pointer or focus moves into it (a click on a result).
          if (!event.currentTarget.parentElement?.contains(event.relatedTarget as Node | null)) setOpen(false)
        }}
        onKeyDown={onKeyDown}
      />
      {/* A live region without role="status": the page's own status messages stay the only ones by that role. */}
      <div aria-live="polite" data-search-status="" className={showList && (state.kind !== 'ready' || hits.length === 0) ? styles.message : styles.visuallyHidden}>
        {status}
      </div>
      <div id={listId} role="listbox" aria-label="Search results" data-query={query} className={styles.results} hidden={!showList || hits.length === 0} onMouseDown={(e) => e.preventDefault()}>
        {hits.map((hit, i) => (
          <Link
            key={hit.url}
            id={`${id}-hit-${i}`}
            href={hit.url}
            role="option"
            aria-selected={i === activeIndex}
            tabIndex={-1}
            className={styles.hit}
            onMouseEnter={() => setActive(i)}
            onClick={() => setOpen(false)}
          >
            <span className={styles.heading}>{hit.section ?? hit.title}</span>
            {hit.section && <span className={styles.page}>{hit.title}</span>}
            <span className={styles.excerpt}>
              <Excerpt text={hit.excerpt} query={query} />
            </span>
          </Link>
        ))}
      </div>
    </div>
  )
}
