# Several Atlassian providers: name the one you mean by the ID you gave it.
import os

from arcadepy import Arcade

# The ID you gave the provider in the dashboard
ATLASSIAN_PROVIDER_ID = "acme-atlassian-jira"

client = Arcade()  # Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
user_id = os.environ.get("ARCADE_USER_ID", "{arcade_user_id}")

# auth.start() would send "atlassian" as provider_id, the kind, which is
# ambiguous with two Atlassian providers; auth_requirement.id names one.
auth_response = client.auth.authorize(
    user_id=user_id,
    auth_requirement={
        "id": ATLASSIAN_PROVIDER_ID,
        "provider_type": "oauth2",
        "oauth2": {"scopes": ["read:jira-work"]},
    },
)
print("Provider:", auth_response.provider_id, "status:", auth_response.status)
if auth_response.status != "completed":
    print(auth_response.url)
# Then wait for "completed" as in the Atlassian guide's app code
