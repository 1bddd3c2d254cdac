// @ts-check
// What Run does on the server, with your choices filled in.
import { Arcade } from "@arcadeai/arcadejs";

// The provider the panel names: { provider_id: "atlassian" } (the kind) finds
// your one Atlassian provider; { id: "..." } names one by the ID you gave it.
const PROVIDER = { id: "my-atlassian-provider" };
const SCOPES = ["read:jira-work", "read:jira-user", "read:me"];
const QUERY = "";
// A site's name or cloud id; empty: the first Jira site the token reaches
/** @type {string} */
const SITE = "";
const MAX_WAIT_MINUTES = 5;
// Unset, as in production: https://api.atlassian.com
const ATLASSIAN_API =
  process.env.ATLASSIAN_API_BASE ?? "https://api.atlassian.com";

const client = new Arcade(); // Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
const userId = process.env.ARCADE_USER_ID ?? "{arcade_user_id}";

// auth.start(userId, "atlassian", { scopes }) sends this same request
let auth = await client.auth.authorize({
  user_id: userId,
  auth_requirement: {
    ...PROVIDER,
    provider_type: "oauth2",
    oauth2: { scopes: SCOPES },
  },
});
if (auth.status !== "completed") console.log("Consent here:", auth.url);

// Long-poll until you have consented (and the verifier has confirmed you)
const deadline = Date.now() + MAX_WAIT_MINUTES * 60 * 1000;
while (auth.status !== "completed") {
  if (auth.status === "failed" || Date.now() > deadline) {
    throw new Error(`Authorization ended: ${auth.status}`);
  }
  auth = await client.auth.status({ id: String(auth.id), wait: 20 });
}

/**
 * GET an Atlassian API path with the user's token.
 * @param {string} path
 * @returns {Promise<any>}
 */
async function atlassianGet(path) {
  const response = await fetch(`${ATLASSIAN_API}${path}`, {
    headers: {
      Authorization: `Bearer ${auth.context?.token}`,
      Accept: "application/json",
    },
  });
  if (!response.ok) throw new Error(`${path} answered ${response.status}`);
  return response.json();
}

// The token does not name a site: take the one SITE names (by name, first
// label of its URL, or cloud id, in any case), else the first with Jira.
/**
 * @typedef {{ id: string, name: string, url: string, scopes: string[] }} Site
 */
/** @type {Site[]} */
const sites = await atlassianGet("/oauth/token/accessible-resources");
const names = (/** @type {Site} */ s) =>
  [s.id, s.name, new URL(s.url).hostname.split(".")[0]].map((x) =>
    x.toLowerCase(),
  );
const site = sites.find(
  (s) =>
    s.scopes.some((x) => x.includes("jira")) &&
    (!SITE || names(s).includes(SITE.toLowerCase())),
);
if (!site) throw new Error("This Atlassian token cannot reach that Jira site");

// URLSearchParams encodes the query (spaces, "&", "#" and so on).
const params = new URLSearchParams({
  query: QUERY,
  startAt: "0",
  maxResults: "10",
});
const page = await atlassianGet(
  `/ex/jira/${site.id}/rest/api/3/project/search?${params}`,
);
const keys = page.values.map((/** @type {any} */ p) => p.key).join(" ");
console.log(`${site.name}: ${page.total} projects`, keys);
