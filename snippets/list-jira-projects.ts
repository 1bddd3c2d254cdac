export const ATLASSIAN_API = "https://api.atlassian.com";

export interface AtlassianSite {
  id: string; // the cloud id
  name: string;
  url: string;
  scopes: string[];
  avatarUrl?: string;
}

export interface JiraProject {
  id: string;
  key: string;
  name: string;
  projectTypeKey?: string;
}

export interface JiraProjectPage {
  startAt: number;
  maxResults: number;
  total?: number;
  isLast?: boolean;
  values: JiraProject[];
}

export interface ProjectSearch {
  query?: string;
  startAt?: number;
  maxResults?: number;
}

export interface AtlassianOptions {
  apiBase?: string; // https://api.atlassian.com unless you point it elsewhere
  fetch?: typeof fetch;
}

/** An Atlassian API call that did not answer 2xx. */
export class AtlassianApiError extends Error {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly retryAfter?: number,
  ) {
    super(`Atlassian API answered ${status}`);
  }
}

export async function atlassianGet<T>(
  path: string,
  token: string,
  { apiBase = ATLASSIAN_API, fetch: fetchFn = fetch }: AtlassianOptions,
): Promise<T> {
  const response = await fetchFn(`${apiBase}${path}`, {
    headers: { Authorization: `Bearer ${token}`, Accept: "application/json" },
  });
  const body = await response.json().catch(() => null);
  if (!response.ok) {
    const retryAfter = Number(response.headers.get("retry-after"));
    throw new AtlassianApiError(response.status, body, retryAfter || undefined);
  }
  return body as T;
}

/** The Atlassian sites (cloud ids) this token can reach. */
export function getAccessibleSites(
  token: string,
  options: AtlassianOptions = {},
) {
  const path = "/oauth/token/accessible-resources";
  return atlassianGet<AtlassianSite[]>(path, token, options);
}

/** The sites the token may use Jira on (a site lists its granted scopes). */
export function jiraSites(sites: AtlassianSite[]) {
  return sites.filter((site) => site.scopes.some((s) => s.includes("jira")));
}

/** One page of the Jira projects on a site, filtered by `query`. */
export function searchJiraProjects(
  token: string,
  cloudId: string,
  { query = "", startAt = 0, maxResults = 50 }: ProjectSearch = {},
  options: AtlassianOptions = {},
) {
  // URLSearchParams encodes the query (spaces, "&", "#" and so on).
  const params = new URLSearchParams({
    query,
    startAt: String(startAt),
    maxResults: String(maxResults),
  });
  const site = encodeURIComponent(cloudId);
  const path = `/ex/jira/${site}/rest/api/3/project/search?${params}`;
  return atlassianGet<JiraProjectPage>(path, token, options);
}
