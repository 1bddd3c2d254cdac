// "Start over as a new reader" replaces the visitor's identity (the session cookie) for every panel of the page and
// every tab of the site: the runs they show belong to the old identity, and their next call would fail with
// flow_forbidden. Each panel listens on its own BroadcastChannel, which hears the other panels and tabs, not itself.
import { useEffect, useRef } from 'react'

const CHANNEL = 'arcade-playground-identity'

interface NewIdentity {
  type: 'new-identity'
  /** The panel where the reader started over. */
  panelId: string
}

/** Calls `onNewIdentity` when another panel or tab started over; returns the function that tells the others. */
export function useIdentityChannel(panelId: string, onNewIdentity: () => void): () => void {
  const channel = useRef<BroadcastChannel | null>(null)
  const handler = useRef(onNewIdentity)
  handler.current = onNewIdentity
  useEffect(() => {
    if (typeof BroadcastChannel === 'undefined') return
    const own = new BroadcastChannel(CHANNEL)
    own.onmessage = (event: MessageEvent<NewIdentity>) => {
      if (event.data?.type === 'new-identity') handler.current()
    }
    channel.current = own
    return () => {
      own.close()
      channel.current = null
    }
  }, [])
  return () => channel.current?.postMessage({ type: 'new-identity', panelId } satisfies NewIdentity)
}
