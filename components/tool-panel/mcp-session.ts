// The panel's MCP client: the official SDK client over Streamable HTTP to this site's /mcp, declaring URL-mode
// elicitation, with every JSON-RPC message it sends or receives handed to the panel. One session per panel, so
// the panel is its own identity on the server (its own sandbox account and grant).
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js'
import { CfWorkerJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/cfworker'
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema, type CallToolResult, type JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js'
import { LIST_PROJECTS_TRACE_META, MCP_PATH, MCP_TOOLS, type ListProjectsArgs } from '../../contract/mcp'

export interface McpSessionHooks {
  onMessage(direction: 'sent' | 'received', message: JSONRPCMessage): void
  /** A URL-mode elicitation: open the URL for the user; resolve true when they were sent there. */
  onUrlElicitation(url: string, message: string): boolean
  onElicitationComplete(elicitationId: string): void
}

/** Passes every message through to the SDK's transport, and tells the panel about each one. */
class RecordingTransport implements Transport {
  onclose?: () => void
  onerror?: (error: Error) => void
  onmessage?: Transport['onmessage']

  constructor(
    private readonly inner: StreamableHTTPClientTransport,
    private readonly record: McpSessionHooks['onMessage']
  ) {
    inner.onclose = () => this.onclose?.()
    inner.onerror = (error) => this.onerror?.(error)
    inner.onmessage = (message: JSONRPCMessage) => {
      this.record('received', message)
      this.onmessage?.(message)
    }
  }

  get sessionId() {
    return this.inner.sessionId
  }
  setProtocolVersion(version: string) {
    this.inner.setProtocolVersion(version)
  }
  start() {
    return this.inner.start()
  }
  send(message: JSONRPCMessage, options?: Parameters<Transport['send']>[1]) {
    this.record('sent', message)
    return this.inner.send(message, options)
  }
  close() {
    return this.inner.close()
  }
}

export interface McpPanelSession {
  callListProjects(args: ListProjectsArgs, signal: AbortSignal): Promise<CallToolResult>
  /** Ends the session on the server (DELETE), so its identity and grant are gone with it. */
  end(): Promise<void>
}

/** Connects as an agent does: initialize (declaring URL-mode elicitation), then tools/list. */
export async function openMcpSession(hooks: McpSessionHooks): Promise<McpPanelSession> {
  const transport = new StreamableHTTPClientTransport(new URL(MCP_PATH, window.location.origin))
  const client = new Client(
    { name: 'run-it-panel', version: '1.0.0' },
    // The SDK's default validator (Ajv) compiles schemas with eval, which the site's CSP forbids; this one does not.
    { capabilities: { elicitation: { url: {} } }, jsonSchemaValidator: new CfWorkerJsonSchemaValidator() }
  )
  client.setRequestHandler(ElicitRequestSchema, async ({ params }) => {
    if (params.mode !== 'url') return { action: 'decline' }
    hooks.onUrlElicitation(params.url, params.message)
    // Accept: the user is sent to the URL (or offered the link, if the window was blocked); the call waits.
    return { action: 'accept' }
  })
  client.setNotificationHandler(ElicitationCompleteNotificationSchema, ({ params }) => hooks.onElicitationComplete(params.elicitationId))
  await client.connect(new RecordingTransport(transport, hooks.onMessage))
  await client.listTools()
  return {
    callListProjects: (args, signal) =>
      client.callTool({ name: MCP_TOOLS.listProjects, arguments: { ...args }, _meta: { [LIST_PROJECTS_TRACE_META]: true } }, undefined, {
        signal,
        // The server answers within its own consent wait (45 s); this bounds the call if it does not.
        timeout: 60_000
      }) as Promise<CallToolResult>,
    end: async () => {
      await transport.terminateSession().catch(() => undefined)
      await client.close().catch(() => undefined)
    }
  }
}
