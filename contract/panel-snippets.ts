/** The code a Run it panel shows and runs (pages/auth-providers/atlassian.mdx highlights these in getStaticProps). */
export const PANEL_RUN_SNIPPETS = { js: 'snippets/playground-run.mjs', python: 'snippets/playground-run.py' } as const

/** The tool panel (`<LazyPlayground panel="tool">`): the MCP client call it makes, and the tool it calls. */
export const TOOL_PANEL_SNIPPETS = {
  call: 'snippets/call-list-projects.mjs',
  toolPython: 'snippets/list-projects.py',
  toolTypeScript: 'snippets/list-jira-projects.ts'
} as const

export type PanelKind = 'app' | 'tool'

/** The files a panel's code view shows, with their languages, in the order the Markdown export lists them. */
export const PANEL_CODE_FILES: Record<PanelKind, ReadonlyArray<{ file: string; lang: string }>> = {
  app: [
    { file: PANEL_RUN_SNIPPETS.js, lang: 'js' },
    { file: PANEL_RUN_SNIPPETS.python, lang: 'python' }
  ],
  tool: [{ file: TOOL_PANEL_SNIPPETS.call, lang: 'js' }]
}
