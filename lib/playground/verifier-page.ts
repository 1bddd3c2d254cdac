import type { ServerResponse } from 'node:http'

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The small page the verifier shows when it cannot send the reader on (no stack traces, a way back). */
export function verifierPage(title: string, message: string, code: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Atlassian playground</title>
<style>
:root{color-scheme:light dark;--fg:#111827;--muted:#4b5563;--bg:#fff;--accent:#0b5cd5}
@media (prefers-color-scheme:dark){:root{--fg:#f3f4f6;--muted:#9ca3af;--bg:#111;--accent:#6ea8ff}}
body{font:16px/1.6 system-ui,sans-serif;color:var(--fg);background:var(--bg);max-width:40rem;margin:4rem auto;padding:0 1.5rem}
h1{font-size:1.5rem}p{color:var(--muted)}a{color:var(--accent)}code{font-size:.9em}
</style></head>
<body><main>
<h1>${escapeHtml(title)}</h1>
<p>${escapeHtml(message)}</p>
<p>${code === 'confirmed' ? '' : `Error code <code>${escapeHtml(code)}</code> · <a href="/troubleshooting#${escapeHtml(code.replace(/_/g, '-'))}">what this means</a> · `}<a href="/auth-providers/atlassian#using-atlassian-auth-in-app-code">back to the guide</a></p>
</main></body></html>`
}

/** Answer a browser navigation (the consent link, the verifier) with that page. */
export function sendVerifierPage(res: ServerResponse, status: number, title: string, message: string, code: string): void {
  res.statusCode = status
  res.setHeader('Content-Type', 'text/html; charset=utf-8')
  res.end(verifierPage(title, message, code))
}
