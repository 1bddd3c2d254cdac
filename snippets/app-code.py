import os
import time

from arcadepy import Arcade

# How long the user has to consent before the app gives up
MAX_WAIT_MINUTES = 5

client = Arcade()  # Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
user_id = os.environ.get("ARCADE_USER_ID", "{arcade_user_id}")

# Start the authorization process. "atlassian" is the provider's kind: it
# finds your provider while it is your one Atlassian provider. With several,
# name one by its ID with auth.authorize() (see "Several Atlassian providers").
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
deadline = time.monotonic() + MAX_WAIT_MINUTES * 60
while auth_response.status != "completed":
    if auth_response.status == "failed":
        raise RuntimeError("Authorization failed")
    if time.monotonic() > deadline:
        raise TimeoutError("Authorization timed out")
    # Each call waits up to 20 seconds for the status to change
    auth_response = client.auth.status(id=auth_response.id, wait=20)

# Arcade keeps the grant and refreshes the token. When you need the token
# again, call auth.start() again: it answers "completed" with a current one.
token = auth_response.context.token
# The scopes Arcade reports may be more than you asked for (an earlier grant)
print("Authorized with scopes:", " ".join(auth_response.scopes or []))
# Do something interesting with the token: list Jira projects (below)
