/** The official MCP SDK client over real HTTP against a site origin, with every answer's text kept for checks. */
import { Client } from '@modelcontextprotocol/sdk/client/index.js'
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js'
import { ElicitationCompleteNotificationSchema, ElicitRequestSchema, type ElicitRequestURLParams } from '@modelcontextprotocol/sdk/types.js'

export interface McpTestClient {
  client: Client
  transport: StreamableHTTPClientTransport
  /** Every HTTP body the server sent (SSE streams included), in order. */
  wire: string[]
  /** URL-mode elicitations received. */
  elicitations: ElicitRequestURLParams[]
  /** elicitationIds of notifications/elicitation/complete received. */
  completed: string[]
}

export interface McpClientOptions {
  /** Declare URL-mode elicitation; the handler is the user (it may open the URL) and answers the elicitation. */
  onUrlElicitation?: (params: ElicitRequestURLParams) => Promise<'accept' | 'decline' | 'cancel'>
  /** Resume this session (as a client that reconnects, or one reaching another instance) instead of initializing. */
  sessionId?: string
}

export async function connectMcp(endpoint: string, options: McpClientOptions = {}): Promise<McpTestClient> {
  const wire: string[] = []
  const recordingFetch: typeof fetch = async (input, init) => {
    const response = await fetch(input, init)
    if (response.body) {
      const [mine, theirs] = response.body.tee()
      void new Response(mine).text().then((text) => wire.push(text), () => undefined)
      return new Response(theirs, { status: response.status, statusText: response.statusText, headers: response.headers })
    }
    return response
  }
  const elicitations: ElicitRequestURLParams[] = []
  const completed: string[] = []
  const client = new Client({ name: 'site-tests', version: '1.0.0' }, { capabilities: options.onUrlElicitation ? { elicitation: { url: {} } } : {} })
  if (options.onUrlElicitation) {
    const answer = options.onUrlElicitation
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      const params = request.params as ElicitRequestURLParams
      elicitations.push(params)
      return { action: await answer(params) }
    })
    client.setNotificationHandler(ElicitationCompleteNotificationSchema, (notification) => {
      completed.push(notification.params.elicitationId)
    })
  }
  const transport = new StreamableHTTPClientTransport(new URL(endpoint), { fetch: recordingFetch, sessionId: options.sessionId })
  await client.connect(transport)
  return { client, transport, wire, elicitations, completed }
}
