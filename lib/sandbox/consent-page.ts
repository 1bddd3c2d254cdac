import { randomBytes } from 'node:crypto'
import { SITE_ICON_DATA_URL } from '../site-icon'
import { escapeHtml } from './http'

/**
 * Server-rendered HTML for the browser-facing sandbox pages: the Atlassian consent page and short message
 * pages (errors, "you can close this window"). No JavaScript at all; the one inline <style> is allowed by a
 * per-response nonce in the page's own Content-Security-Policy.
 */

export interface RenderedPage {
  html: string
  headers: Record<string, string>
}

/** Plain-words descriptions of the scopes the guide uses; anything else gets a generic line. */
const SCOPE_WORDS: Record<string, string> = {
  'read:jira-work': 'Read Jira projects and issues, including their comments and attachments',
  'write:jira-work': 'Create and edit Jira issues, comments and attachments',
  'read:jira-user': 'See Jira user details: names, avatars and, where allowed, email addresses',
  'manage:jira-project': 'Create and change Jira projects and their settings',
  'manage:jira-configuration': 'Change Jira site settings',
  'manage:jira-webhook': 'Register and manage Jira webhooks',
  'read:me': 'See your Atlassian account profile: name, email address and avatar',
  'read:confluence-user': 'See Confluence user details',
  offline_access: 'Keep access while you are not using the app (it may renew its token)',
}

export function describeScope(scope: string): string {
  return SCOPE_WORDS[scope] ?? `Use the permission “${scope}”`
}

const STYLE = `
:root { color-scheme: light dark; --bg: #ffffff; --fg: #111827; --muted: #4b5563; --line: #e5e7eb;
  --panel: #f9fafb; --accent: #2563eb; --accent-fg: #ffffff; --warn-bg: #fef3c7; --warn-fg: #78350f; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #111111; --fg: #f3f4f6; --muted: #9ca3af; --line: #2d2d2d; --panel: #1a1a1a;
    --accent: #60a5fa; --accent-fg: #0b1220; --warn-bg: #3b2f0b; --warn-fg: #fde68a; }
}
* { box-sizing: border-box; }
body { margin: 0; background: var(--bg); color: var(--fg); line-height: 1.45;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
/* Laid out for the window the panel opens (components/playground/consent-window.ts): Accept stays clear of its edge. */
main { max-width: 34rem; margin: 1.25rem auto; padding: 0 1.25rem; }
h1 { font-size: 1.3rem; line-height: 1.3; margin: .5rem 0 .5rem; letter-spacing: -0.01em; }
p { margin: .5rem 0; }
.badge { display: inline-block; font-size: .75rem; font-weight: 700; letter-spacing: .06em; padding: .15rem .5rem;
  border-radius: 999px; background: var(--warn-bg); color: var(--warn-fg); }
.notice { background: var(--warn-bg); color: var(--warn-fg); border-radius: .5rem; padding: .5rem .75rem; margin: .75rem 0; font-size: .925rem; }
.muted { color: var(--muted); }
ul.scopes { padding-left: 1.25rem; }
ul.scopes { margin: .5rem 0; }
ul.scopes li { margin: .25rem 0; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85em;
  background: var(--panel); border: 1px solid var(--line); border-radius: .25rem; padding: 0 .25rem; }
fieldset { border: 1px solid var(--line); border-radius: .5rem; padding: .5rem 1rem; margin: .75rem 0; background: var(--panel); }
legend { font-weight: 600; padding: 0 .25rem; }
label { display: flex; gap: .5rem; align-items: baseline; padding: .25rem 0; cursor: pointer; }
.actions { display: flex; gap: .75rem; margin: 1rem 0 1.25rem; }
button { font: inherit; font-weight: 600; padding: .55rem 1.25rem; border-radius: .5rem; cursor: pointer;
  border: 1px solid var(--line); background: var(--bg); color: var(--fg); }
button.primary { background: var(--accent); border-color: var(--accent); color: var(--accent-fg); }
:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
`

function page(title: string, body: string): RenderedPage {
  const nonce = randomBytes(16).toString('base64')
  const html = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<link rel="icon" type="image/svg+xml" href="${SITE_ICON_DATA_URL}">
<style nonce="${nonce}">${STYLE}</style>
</head>
<body>
<main>
${body}
</main>
</body>
</html>
`
  return {
    html,
    headers: {
      // No script-src at all: the pages work without JavaScript and must never run any.
      'Content-Security-Policy': `default-src 'none'; style-src 'nonce-${nonce}'; img-src 'self' data:; base-uri 'none'; frame-ancestors 'none'`,
    },
  }
}

export interface ConsentPageInput {
  appName: string
  scopes: string[]
  sites: Array<{ cloudId: string; name: string; url: string }>
  /** The server-side pending-request id; the only hidden field. */
  requestId: string
  /** Where the form posts (the authorize endpoint, as the browser sees it). */
  action: string
  userName: string
  userEmail: string
  /** Why consent is asked again (e.g. Arcade's refresh was refused), shown above the scopes. */
  notice?: string
}

export function renderConsentPage(input: ConsentPageInput): RenderedPage {
  const scopes = input.scopes
    .map((s) => `<li>${escapeHtml(describeScope(s))} <span class="muted">(<code>${escapeHtml(s)}</code>)</span></li>`)
    .join('\n')
  const sites = input.sites
    .map(
      (site, i) =>
        `<label><input type="radio" name="site" value="${escapeHtml(site.cloudId)}"${i === 0 ? ' checked' : ''}> ` +
        `<span>${escapeHtml(site.name)} <span class="muted">${escapeHtml(site.url.replace(/^https:\/\//, ''))}</span></span></label>`,
    )
    .join('\n')
  return page(
    `Sandbox: authorize ${input.appName}`,
    `<span class="badge">SANDBOX</span>
<h1>${escapeHtml(input.appName)} wants to access your Atlassian account</h1>
<p class="notice">This is a sandbox that imitates Atlassian's consent screen. No real Atlassian account, site or data is
involved: you are signed in as the fictional <strong>${escapeHtml(input.userName)}</strong> (${escapeHtml(input.userEmail)}).</p>
${input.notice ? `<p class="notice" role="status"><strong>Why you see this again:</strong> ${escapeHtml(input.notice)}</p>\n` : ''}<p>If you accept, <strong>${escapeHtml(input.appName)}</strong> will be able to:</p>
<ul class="scopes">
${scopes}
</ul>
<form method="post" action="${escapeHtml(input.action)}">
<input type="hidden" name="request" value="${escapeHtml(input.requestId)}">
<fieldset>
<legend>Use app on</legend>
${sites}
</fieldset>
<div class="actions">
<button class="primary" type="submit" name="decision" value="accept">Accept</button>
<button type="submit" name="decision" value="deny">Deny</button>
</div>
</form>`,
  )
}

/** A short page for outcomes and errors the browser lands on. */
export function renderMessagePage(title: string, message: string, detail?: string): RenderedPage {
  return page(
    title,
    `<span class="badge">SANDBOX</span>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
${detail ? `<p class="muted"><code>${escapeHtml(detail)}</code></p>` : ''}`,
  )
}
