// How a person connects common MCP clients to this site's /mcp: one source for llms.txt, the "Connect your agent"
// page and its Markdown. Sources: Claude Code's `claude mcp add --transport http <name> <url>` (docs.claude.com,
// Claude Code MCP); Cursor's `.cursor/mcp.json` `{"mcpServers": {name: {"url"}}}` (docs.cursor.com, MCP);
// VS Code's `.vscode/mcp.json` `{"servers": {name: {"type": "http", "url"}}}` (code.visualstudio.com, MCP servers).
import { MCP_PATH } from '../../contract/mcp'

export const MCP_SERVER_NAME = 'arcade-atlassian-guide'

/** Where the static Markdown names the site, which it cannot know at build time (llms.txt and the page fill it in). */
export const SITE_PLACEHOLDER = 'https://<this site>'

export interface ConnectClient {
  client: string
  where: string
  lang: 'bash' | 'json'
  code: string
}

export function connectClients(origin: string): ConnectClient[] {
  const url = `${origin}${MCP_PATH}`
  return [
    { client: 'Claude Code', where: 'in a terminal', lang: 'bash', code: `claude mcp add --transport http ${MCP_SERVER_NAME} ${url}` },
    { client: 'Cursor', where: 'in .cursor/mcp.json', lang: 'json', code: JSON.stringify({ mcpServers: { [MCP_SERVER_NAME]: { url } } }, null, 2) },
    { client: 'VS Code', where: 'in .vscode/mcp.json', lang: 'json', code: JSON.stringify({ servers: { [MCP_SERVER_NAME]: { type: 'http', url } } }, null, 2) }
  ]
}

/** The same, as Markdown. */
export function connectMarkdown(origin: string): string {
  return connectClients(origin)
    .map(({ client, where, lang, code }) => `${client}, ${where}:\n\n\`\`\`${lang}\n${code}\n\`\`\``)
    .join('\n\n')
}
