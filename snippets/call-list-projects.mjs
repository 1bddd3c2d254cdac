// @ts-check
// What Run does in this panel: an MCP client (as an agent would be) calls
// the guide's tool on this site's MCP server, with your choices filled in.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import {
  StreamableHTTPClientTransport,
} from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ElicitRequestSchema } from "@modelcontextprotocol/sdk/types.js";

const MCP_URL = "https://docs.example.com/mcp";
const QUERY = "";
const SITE = ""; // or a site's name, when the token reaches several

const client = new Client(
  { name: "list-projects-example", version: "1.0.0" },
  // URL mode: the server may send the user to a URL (here, to consent at
  // Atlassian through Arcade) without the URL or a token passing the agent.
  { capabilities: { elicitation: { url: {} } } },
);
client.setRequestHandler(ElicitRequestSchema, async ({ params }) => {
  if (params.mode !== "url") return { action: "decline" };
  console.log(`${params.message}\n${params.url}`);
  return { action: "accept" }; // the call waits for the consent
});
await client.connect(new StreamableHTTPClientTransport(new URL(MCP_URL)));

const result = await client.callTool({
  name: "list_projects",
  arguments: { query: QUERY, site: SITE || undefined }, // JSON omits undefined
});
if (result.isError) throw new Error(JSON.stringify(result.content));
const { site, projects } = /** @type {any} */ (result.structuredContent);
const keys = projects.values.map((/** @type {any} */ p) => p.key).join(" ");
console.log(`${site.name}: ${projects.total} projects`, keys);
await client.close();
