// Which panel of the page started which flow, kept in this tab's sessionStorage (it survives a reload and a
// return, not the tab): after a reload, only the panel that started the visitor's flow in progress carries it on.
const KEY = 'arcade-playground-flow-panel'

export function rememberFlowPanel(flowId: string, panelId: string): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify({ flowId, panelId }))
  } catch {
    // Storage refused (private mode, quota): after a reload the first panel carries the flow on.
  }
}

/** The panel that started `flowId` in this tab, if this tab remembers it. */
export function panelOfFlow(flowId: string): string | undefined {
  try {
    const remembered = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as { flowId?: unknown; panelId?: unknown } | null
    return remembered?.flowId === flowId && typeof remembered.panelId === 'string' ? remembered.panelId : undefined
  } catch {
    return undefined
  }
}
