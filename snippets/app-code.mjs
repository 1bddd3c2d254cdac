// @ts-check
import { Arcade } from "@arcadeai/arcadejs";

const client = new Arcade(); // Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
const userId = process.env.ARCADE_USER_ID ?? "{arcade_user_id}";

// Start the authorization process
let authResponse = await client.auth.start(userId, "atlassian", {
  scopes: ["read:jira-work", "read:jira-user", "read:me"],
});

if (authResponse.status !== "completed") {
  console.log("Please complete the authorization challenge in your browser:");
  console.log(authResponse.url);
}

// Wait for the authorization to complete, but not forever:
// waitForCompletion() keeps polling even after the flow has failed.
const deadline = Date.now() + 5 * 60 * 1000;
while (authResponse.status !== "completed") {
  if (authResponse.status === "failed") throw new Error("Authorization failed");
  if (Date.now() > deadline) throw new Error("Authorization timed out");
  authResponse = await client.auth.status({ id: String(authResponse.id), wait: 30 });
}

const token = authResponse.context?.token;
console.log("Authorized with scopes:", authResponse.scopes?.join(" "));
// Do something interesting with the token: list Jira projects (below)
