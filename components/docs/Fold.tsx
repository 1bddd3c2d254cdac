import { useRouter } from 'next/router'
import { useEffect, useRef, type ReactNode } from 'react'

type FoldProps = { id: string; summary: string; children: ReactNode }

/**
 * Content folded behind a summary line, open on demand: a native <details>, so it opens without JavaScript
 * and costs no state. A link to the fold, or to anything inside it, opens it: on load, on hashchange, and
 * after a client-side navigation (asPath carries the hash).
 */
export function Fold({ id, summary, children }: FoldProps) {
  const details = useRef<HTMLDetailsElement>(null)
  const { asPath } = useRouter()

  useEffect(() => {
    const openIfNamed = () => {
      const fold = details.current
      const name = decodeURIComponent(window.location.hash.slice(1))
      const target = name ? document.getElementById(name) : null
      if (!fold || !target || !fold.contains(target)) return
      fold.open = true
      target.scrollIntoView()
    }
    openIfNamed()
    window.addEventListener('hashchange', openIfNamed)
    return () => window.removeEventListener('hashchange', openIfNamed)
  }, [asPath])

  return (
    <details ref={details} id={id} className="fold">
      <summary className="fold-summary">{summary}</summary>
      <div className="fold-body">{children}</div>
    </details>
  )
}
