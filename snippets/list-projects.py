from typing import Annotated, Optional

import httpx

from arcade_tdk import ToolContext, tool
from arcade_tdk.auth import Atlassian

# The ID you gave the provider in the dashboard
ATLASSIAN_PROVIDER_ID = "my-atlassian-provider"
ATLASSIAN_API = "https://api.atlassian.com"


@tool(
    requires_auth=Atlassian(
        id=ATLASSIAN_PROVIDER_ID,
        scopes=["read:jira-work"],
    )
)
async def list_projects(
    context: ToolContext,
    query: Annotated[
        Optional[str],
        "The query to filter the projects by. "
        "Defaults to empty string to list all projects.",
    ] = "",
) -> Annotated[dict, "The list of projects in a user's Jira instance"]:
    """List a Jira user's projects."""
    headers = {
        "Authorization": f"Bearer {context.authorization.token}",
        "Accept": "application/json",
    }
    async with httpx.AsyncClient(
        base_url=ATLASSIAN_API, headers=headers, timeout=30
    ) as client:
        # The token does not name a site: ask which sites (cloud ids) it
        # reaches, and take the first one it may use Jira on.
        sites = await client.get("/oauth/token/accessible-resources")
        sites.raise_for_status()
        jira_sites = [
            site
            for site in sites.json()
            if any("jira" in scope for scope in site["scopes"])
        ]
        if not jira_sites:
            raise ValueError("This Atlassian token cannot reach any Jira site")
        cloud_id = jira_sites[0]["id"]

        # params= makes httpx URL-encode the query (spaces, "&", "#" and so on).
        response = await client.get(
            f"/ex/jira/{cloud_id}/rest/api/3/project/search",
            params={"query": query or ""},
        )
        response.raise_for_status()
        return response.json()
