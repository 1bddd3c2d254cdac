# What Run does on the server, with your choices filled in.
import os
import time

import httpx
from arcadepy import Arcade

# The provider the panel names: {"provider_id": "atlassian"} (the kind) finds
# your one Atlassian provider; {"id": "..."} names one by the ID you gave it.
PROVIDER = {"id": "my-atlassian-provider"}
SCOPES = ["read:jira-work", "read:jira-user", "read:me"]
QUERY = ""
# A site's name or cloud id; empty: the first Jira site the token reaches
SITE = ""
MAX_WAIT_MINUTES = 5
# Unset, as in production: https://api.atlassian.com
ATLASSIAN_API = os.getenv("ATLASSIAN_API_BASE", "https://api.atlassian.com")

client = Arcade()  # Reads ARCADE_API_KEY, and ARCADE_BASE_URL if set
user_id = os.environ.get("ARCADE_USER_ID", "{arcade_user_id}")

# client.auth.start(user_id=..., provider="atlassian", scopes=...) sends this
auth = client.auth.authorize(
    user_id=user_id,
    auth_requirement={
        **PROVIDER,
        "provider_type": "oauth2",
        "oauth2": {"scopes": SCOPES},
    },
)
if auth.status != "completed":
    print("Consent here:", auth.url)

# Long-poll until you have consented (and the verifier has confirmed you)
deadline = time.monotonic() + MAX_WAIT_MINUTES * 60
while auth.status != "completed":
    if auth.status == "failed" or time.monotonic() > deadline:
        raise RuntimeError(f"Authorization ended: {auth.status}")
    auth = client.auth.status(id=auth.id, wait=20)

headers = {
    "Authorization": f"Bearer {auth.context.token}",
    "Accept": "application/json",
}
with httpx.Client(base_url=ATLASSIAN_API, headers=headers, timeout=30) as api:
    # The token does not name a site: take the one SITE names (by name, first
    # label of its URL, or cloud id, in any case), else the first with Jira.
    sites = api.get("/oauth/token/accessible-resources")
    sites.raise_for_status()
    jira_sites = [
        site
        for site in sites.json()
        if any("jira" in scope for scope in site["scopes"])
        and (
            not SITE
            or SITE.lower()
            in (
                site["id"].lower(),
                site["name"].lower(),
                httpx.URL(site["url"]).host.split(".")[0].lower(),
            )
        )
    ]
    if not jira_sites:
        raise ValueError("This Atlassian token cannot reach that Jira site")
    site = jira_sites[0]

    # params= makes httpx URL-encode the query (spaces, "&", "#" and so on).
    response = api.get(
        f"/ex/jira/{site['id']}/rest/api/3/project/search",
        params={"query": QUERY, "startAt": 0, "maxResults": 10},
    )
    response.raise_for_status()
    page = response.json()

keys = " ".join(project["key"] for project in page["values"])
print(f"{site['name']}: {page['total']} projects", keys)
