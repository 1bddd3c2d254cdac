/** Jira's rate-limit headers on a 429 (contracts/atlassian.md §4c); the reset is request time + Retry-After. */
export function jiraRateLimitHeaders(retryAfterSeconds: number): Record<string, string> {
  return {
    'X-RateLimit-Limit': '350',
    'X-RateLimit-Remaining': '0',
    'X-RateLimit-Reset': new Date(Date.now() + retryAfterSeconds * 1000).toISOString().slice(0, 16) + 'Z',
    'RateLimit-Reason': 'jira-quota-based',
  }
}
