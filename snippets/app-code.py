import os
import time

from arcadepy import Arcade

client = Arcade()  # Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
user_id = os.environ.get("ARCADE_USER_ID", "{arcade_user_id}")

# Start the authorization process
auth_response = client.auth.start(
    user_id=user_id,
    provider="atlassian",
    scopes=["read:jira-work", "read:jira-user", "read:me"],
)

if auth_response.status != "completed":
    print("Please complete the authorization challenge in your browser:")
    print(auth_response.url)

# Wait for the authorization to complete, but not forever:
# wait_for_completion() keeps polling even after the flow has failed.
deadline = time.monotonic() + 5 * 60
while auth_response.status != "completed":
    if auth_response.status == "failed":
        raise RuntimeError("Authorization failed")
    if time.monotonic() > deadline:
        raise TimeoutError("Authorization timed out")
    auth_response = client.auth.status(id=auth_response.id, wait=30)

token = auth_response.context.token
print("Authorized with scopes:", " ".join(auth_response.scopes or []))
# Do something interesting with the token: list Jira projects (below)
