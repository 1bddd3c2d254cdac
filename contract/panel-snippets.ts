/** The code a Run it panel shows and runs (pages/auth-providers/atlassian.mdx highlights these in getStaticProps). */
export const PANEL_RUN_SNIPPETS = { js: 'snippets/playground-run.mjs', python: 'snippets/playground-run.py' } as const
