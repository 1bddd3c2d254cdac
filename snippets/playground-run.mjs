// @ts-check
// What Run does on the server, with your choices filled in.
import { Arcade } from "@arcadeai/arcadejs";
import { getAccessibleSites, searchJiraProjects } from "./list-jira-projects.ts";

const client = new Arcade(); // ARCADE_API_KEY, and ARCADE_BASE_URL for a self-hosted engine or the sandbox
const userId = process.env.ARCADE_USER_ID ?? "{arcade_user_id}";
const apiBase = process.env.ATLASSIAN_API_BASE; // unset: https://api.atlassian.com

let auth = await client.auth.start(userId, "atlassian", {
  scopes: ["read:jira-work", "read:jira-user", "read:me"],
});
if (auth.status !== "completed") console.log("Consent here:", auth.url);

// Long-poll until the reader has consented (and the custom user verifier has confirmed them)
for (let polls = 0; auth.status !== "completed"; polls++) {
  if (auth.status === "failed" || polls >= 30) throw new Error(`Authorization ended: ${auth.status}`);
  auth = await client.auth.status({ id: String(auth.id), wait: 20 });
}

const token = String(auth.context?.token);
const [site] = await getAccessibleSites(token, { apiBase });
const page = await searchJiraProjects(token, site.id, { query: "", startAt: 0, maxResults: 10 }, { apiBase });
console.log(`${site.name}: ${page.total} projects`, page.values.map((p) => p.key).join(" "));
