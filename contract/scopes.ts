// Atlassian OAuth 2.0 (3LO) classic scopes the playground offers (contracts/atlassian.md §6).
import { FACTS } from './facts'

export interface ScopeInfo {
  scope: string
  description: string
  /** What the playground calls with it. */
  unlocks?: string
}

export const ATLASSIAN_SCOPES: readonly ScopeInfo[] = [
  { scope: 'read:jira-work', description: 'Read Jira project and issue data', unlocks: 'Jira project search' },
  { scope: 'read:jira-user', description: 'Read Jira user information', unlocks: 'Jira /myself' },
  { scope: 'read:me', description: 'Read your Atlassian profile', unlocks: 'Atlassian /me' },
  { scope: 'offline_access', description: 'Keep access when you are away (refresh tokens)' },
  { scope: 'write:jira-work', description: 'Create and edit Jira issues, comments and worklogs' },
  { scope: 'manage:jira-project', description: 'Manage Jira project settings' },
  { scope: 'manage:jira-configuration', description: 'Manage Jira global settings' },
  { scope: 'manage:jira-webhook', description: 'Manage Jira webhooks' },
  { scope: 'read:confluence-user', description: 'Read Confluence user information (lets the token call no Jira API)' },
  { scope: 'read:confluence-content.summary', description: 'Read Confluence content summaries' },
  { scope: 'read:confluence-space.summary', description: 'Read Confluence space summaries' },
  { scope: 'search:confluence', description: 'Search Confluence' }
]

export const SCOPE_NAMES = ATLASSIAN_SCOPES.map((s) => s.scope)

/** What the Jira step needs: project search requires read:jira-work. */
export const REQUIRED_FOR_PROJECTS = FACTS.projectListingScope.value

export const DEFAULT_SCOPES = ['read:jira-work', 'read:jira-user', 'read:me']

/** The read scopes the original guide's samples request (seed: atlassian-auth-provider.mdx, its two scope lists). */
export const GUIDE_READ_SCOPES = ['read:jira-work', 'read:jira-user', 'read:me', 'read:confluence-user']

/**
 * What a link may preselect, and all that live mode starts: the guide's read scopes, and offline_access, which
 * reads nothing (it asks for a refresh token, and Arcade adds it anyway). Never a write or admin scope, so a link
 * cannot walk a reader into granting `manage:jira-configuration` to the operator's real Atlassian app.
 */
export const PRESELECTABLE_SCOPES = [...GUIDE_READ_SCOPES, 'offline_access']
