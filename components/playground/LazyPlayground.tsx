import { useRouter } from 'next/router'
import { useCallback, useEffect, useRef, useState, type ComponentType, type ReactNode } from 'react'
import { markdownPathOf } from '../../lib/docs/markdown-path'
import styles from './playground.module.css'

type PanelProps = { id: string; label: string; children?: ReactNode }
/** `samples`: the anchor of the section whose samples this panel runs, for readers without JavaScript. */
type PlaceholderProps = PanelProps & { samples?: string }

/** Which panel the placeholder becomes: the app code's flow, or the custom tool called over MCP. */
const PANELS = {
  app: () => import('./Playground').then((m) => m.Playground),
  tool: () => import('../tool-panel/ToolPanel').then((m) => m.ToolPanel)
}

/** How near the viewport a panel must come before its code loads: about a screen ahead of the reader. */
const ROOT_MARGIN = '100% 0px'

/**
 * The Run it panel, at no cost until a reader comes near it: the page ships a static placeholder with the
 * panel's id, name, heading and introduction; the panel's code loads and hydrates when the placeholder nears
 * the viewport, is focused, clicked or pointed at, or when the URL's #anchor names it.
 */
export function LazyPlayground({ id, label, samples, panel = 'app', children }: PlaceholderProps & { panel?: keyof typeof PANELS }) {
  const [Panel, setPanel] = useState<ComponentType<PanelProps>>()
  // The server's HTML is what a reader without JavaScript keeps: links, not a button that cannot work.
  const [scripted, setScripted] = useState(false)
  useEffect(() => setScripted(true), [])
  const markdown = markdownPathOf(useRouter().pathname)
  const placeholder = useRef<HTMLElement>(null)
  const requested = useRef(false)
  const focusAfterLoad = useRef(false)
  const landAfterLoad = useRef(false)

  const load = useCallback(() => {
    if (requested.current) return
    requested.current = true
    PANELS[panel]().then(
      (Loaded) => setPanel(() => Loaded),
      () => {
        requested.current = false // a failed chunk load can be retried by the next trigger
      }
    )
  }, [panel])

  useEffect(() => {
    const element = placeholder.current
    if (Panel || !element) return
    const named = () => window.location.hash === `#${id}`
    const onHash = () => {
      if (!named()) return
      landAfterLoad.current = true
      load()
    }
    onHash()
    window.addEventListener('hashchange', onHash)
    const observer = new IntersectionObserver((entries) => entries.some((e) => e.isIntersecting) && load(), { rootMargin: ROOT_MARGIN })
    observer.observe(element)
    return () => {
      observer.disconnect()
      window.removeEventListener('hashchange', onHash)
    }
  }, [Panel, id, load])

  // A reader who followed a link to this panel lands on it again once it replaced its placeholder: the browser's
  // scroll anchor was the placeholder itself, so the swap (or a panel above loading first) could move the page.
  useEffect(() => {
    if (!Panel || !landAfterLoad.current) return
    landAfterLoad.current = false
    document.getElementById(id)?.scrollIntoView({ block: 'start' })
  }, [Panel, id])

  // A reader who was using the placeholder keeps the keyboard focus inside the panel that replaces it.
  useEffect(() => {
    if (!Panel || !focusAfterLoad.current) return
    document.getElementById(id)?.querySelector<HTMLElement>('input:not([disabled]), button:not([disabled])')?.focus()
  }, [Panel, id])

  if (Panel) return <Panel id={id} label={label}>{children}</Panel>

  const use = () => {
    focusAfterLoad.current = true
    load()
  }
  return (
    <section
      ref={placeholder}
      id={id}
      aria-label={label}
      className={`${styles.playground} ${styles.placeholder}`}
      data-placeholder=""
      onFocus={use}
      onPointerEnter={load}
      onClick={use}
    >
      <header className={styles.header}>
        <h3 className={styles.title}>Run it</h3>
      </header>
      {children && <div className={styles.intro}>{children}</div>}
      {scripted ? (
        <p className={styles.placeholderHint}>
          <button type="button" className={styles.run}>
            Open the panel
          </button>{' '}
          <span className={styles.muted}>It loads as you scroll to it.</span>
        </p>
      ) : (
        <p className={styles.placeholderHint} data-no-script="">
          <span>
            The panel needs JavaScript, which is off in this browser. Its code is in{' '}
            {samples && (
              <>
                <a href={samples}>the samples above</a>, and in{' '}
              </>
            )}
            <a href={markdown} type="text/markdown">
              this page as Markdown
            </a>
            , with every sample in both languages.
          </span>
        </p>
      )}
    </section>
  )
}
