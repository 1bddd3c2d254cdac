import type { PlaygroundConfig } from '../../contract/playground-api'
import styles from './playground.module.css'

/** A panel's title and the mode it runs in (both panels: the playground and the tool panel). */
export function PanelHeader({ config }: { config: PlaygroundConfig | null | undefined }) {
  return (
    <header className={styles.header}>
      <h3 className={styles.title}>Run it</h3>
      {config && (
        <span className={config.mode === 'sandbox' ? styles.badgeSandbox : styles.badgeLive} data-mode={config.mode}>
          {config.mode === 'sandbox' ? 'Sandbox: emulated Arcade and Atlassian, no account needed' : `Live: ${config.engineLabel}`}
        </span>
      )}
    </header>
  )
}
