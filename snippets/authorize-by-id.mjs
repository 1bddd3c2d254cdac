// @ts-check
// Several Atlassian providers: name the one you mean by the ID you gave it.
import { Arcade } from "@arcadeai/arcadejs";

// The ID you gave the provider in the dashboard
const ATLASSIAN_PROVIDER_ID = "acme-atlassian-jira";

const client = new Arcade(); // Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
const userId = process.env.ARCADE_USER_ID ?? "{arcade_user_id}";

// auth.start() would send "atlassian" as provider_id, the kind, which is
// ambiguous with two Atlassian providers; auth_requirement.id names one.
const authResponse = await client.auth.authorize({
  user_id: userId,
  auth_requirement: {
    id: ATLASSIAN_PROVIDER_ID,
    provider_type: "oauth2",
    oauth2: { scopes: ["read:jira-work"] },
  },
});
const { provider_id: provider, status } = authResponse;
console.log("Provider:", provider, "status:", status);
if (authResponse.status !== "completed") console.log(authResponse.url);
// Then wait for "completed" as in the Atlassian guide's app code
