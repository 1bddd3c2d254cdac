import { Code, Pre } from 'nextra/components'
import { useSyncExternalStore } from 'react'
import { connectClients, SITE_PLACEHOLDER } from '../../lib/docs/connect-clients'

const noChange = () => () => undefined

/** The connect commands filled in with the origin this page was opened at (before hydration: a placeholder). */
export function ConnectCommands() {
  const origin = useSyncExternalStore(noChange, () => window.location.origin, () => SITE_PLACEHOLDER)
  return (
    <>
      {connectClients(origin).map(({ client, where, code }) => (
        <div key={client}>
          <p>
            <strong>{client}</strong>, {where}:
          </p>
          {/* Nextra's code block: a copy button, and long lines scroll inside the box (focusable for the keyboard). */}
          <Pre data-connect-client={client} data-copy="" tabIndex={0}>
            <Code>{code}</Code>
          </Pre>
        </div>
      ))}
    </>
  )
}
