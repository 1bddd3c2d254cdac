import { useThemeConfig } from 'nextra-theme-docs'
import { useEffect, useState, type ReactNode } from 'react'

type TocHeading = { id: string; value: string; depth: number }

/** Where the reader reads: a heading at or above this share of the viewport (below the navbar) is the current one. */
const READING_LINE = 0.35

/**
 * Which heading the reader is under: the last one above the reading line (the last one on screen at the page's
 * end), or the first one while the reader is still above it.
 */
function currentHeading(ids: string[]): string | undefined {
  const navbar = parseFloat(getComputedStyle(document.documentElement).getPropertyValue('--nextra-navbar-height')) || 64
  const line = navbar + (window.innerHeight - navbar) * READING_LINE
  const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2
  let current: string | undefined
  for (const id of ids) {
    const top = document.getElementById(id)?.getBoundingClientRect().top
    if (top === undefined) continue
    if (top <= line || (atEnd && top < window.innerHeight)) current = id
  }
  return current ?? ids[0]
}

/**
 * The page's table of contents. Nextra's own follows headings with an IntersectionObserver that only hears
 * about a heading when it crosses the top half of the viewport, so a jump or a fast scroll past one leaves the
 * previous heading lit; this one asks where every heading is after each scroll (once a frame).
 */
export function PageToc({ toc }: { toc: TocHeading[] }) {
  const [current, setCurrent] = useState<string>()
  const extra = useThemeConfig().toc.extraContent as ReactNode

  useEffect(() => {
    const ids = toc.map((h) => h.id)
    let frame = 0
    const update = () => {
      frame = 0
      setCurrent(currentHeading(ids))
    }
    const schedule = () => {
      if (!frame) frame = requestAnimationFrame(update)
    }
    update()
    window.addEventListener('scroll', schedule, { passive: true })
    window.addEventListener('resize', schedule, { passive: true })
    window.addEventListener('hashchange', schedule)
    return () => {
      cancelAnimationFrame(frame)
      window.removeEventListener('scroll', schedule)
      window.removeEventListener('resize', schedule)
      window.removeEventListener('hashchange', schedule)
    }
  }, [toc])

  return (
    <div className="page-toc _sticky _top-[--nextra-navbar-height] _pt-6 _text-sm _max-h-[calc(100vh-var(--nextra-navbar-height))] _grid _grid-rows-[min-content_1fr_min-content]">
      {toc.length > 0 && (
        <>
          <p className="_mx-4 _font-semibold _tracking-tight _pb-2">On This Page</p>
          <ul className="_px-4 nextra-scrollbar _overscroll-y-contain _overflow-y-auto _py-1.5">
            {toc.map(({ id, value, depth }) => (
              <li key={id} className="_my-2">
                <a
                  href={`#${id}`}
                  aria-current={id === current ? 'location' : undefined}
                  className={`nextra-focus _block _break-words page-toc-depth-${depth}`}
                >
                  {value}
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
      <div className={`${toc.length > 0 ? 'nextra-toc-footer _pt-4' : ''} _flex _flex-col _items-start _gap-2 _pb-4 _mx-4`}>
        {extra}
      </div>
    </div>
  )
}
