export default {
  'build-mcp-server': 'Build an MCP Server'
}
