// Facts about the guide page that several journeys share.
export const GUIDE = '/auth-providers/atlassian'
export const VERIFIER = '/guides/user-facing-agents/secure-auth-production'

/** The seed's headings, in the seed's order: links to them must keep working. */
export const ANCHORS = [
  'whats-documented-here',
  'configuring-atlassian-auth',
  'create-an-atlassian-app',
  'configuring-your-own-atlassian-auth-provider-in-arcade',
  'configure-atlassian-auth-using-the-arcade-dashboard-gui',
  'access-the-arcade-dashboard',
  'navigate-to-the-oauth-providers-page',
  'enter-the-provider-details',
  'create-the-provider',
  'using-atlassian-auth-in-app-code',
  'using-atlassian-auth-in-custom-tools'
]
