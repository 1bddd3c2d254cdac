// @ts-check
import { Arcade } from "@arcadeai/arcadejs";

// How long the user has to consent before the app gives up
const MAX_WAIT_MINUTES = 5;

const client = new Arcade(); // Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
const userId = process.env.ARCADE_USER_ID ?? "{arcade_user_id}";

// Start the authorization process. "atlassian" is the provider's kind: it
// finds your provider while it is your one Atlassian provider. With several,
// name one by its ID with auth.authorize() (see "Several Atlassian providers").
let authResponse = await client.auth.start(userId, "atlassian", {
  scopes: ["read:jira-work", "read:jira-user", "read:me"],
});

if (authResponse.status !== "completed") {
  console.log("Please complete the authorization challenge in your browser:");
  console.log(authResponse.url);
}

// Wait for the authorization to complete, but not forever:
// waitForCompletion() keeps polling even after the flow has failed.
const deadline = Date.now() + MAX_WAIT_MINUTES * 60 * 1000;
while (authResponse.status !== "completed") {
  if (authResponse.status === "failed") throw new Error("Authorization failed");
  if (Date.now() > deadline) throw new Error("Authorization timed out");
  // Each call waits up to 20 seconds for the status to change
  const id = String(authResponse.id);
  authResponse = await client.auth.status({ id, wait: 20 });
}

// Arcade keeps the grant and refreshes the token. When you need the token
// again, call auth.start() again: it answers "completed" with a current one.
const token = authResponse.context?.token;
// The scopes Arcade reports may be more than you asked for (an earlier grant)
console.log("Authorized with scopes:", authResponse.scopes?.join(" "));
// Do something interesting with the token: list Jira projects (below)
