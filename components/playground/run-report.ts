// One Markdown document of a whole run, for a support ticket: the site, the inputs (and the link that restores
// them), each step's outcome in words, the failure, and the HTTP exchanges grouped by the reader's action, with
// the response headers support reads. Built as an mdast tree and serialized by mdast-util-to-markdown, so
// nothing a visitor typed (a query, a site) can become a link, an image or HTML. Escaping alone is not enough
// where reports are pasted: GitHub-flavoured Markdown turns `www.x`, `https://x` and `a@b.c` into links even
// when escaped, so any text that may carry what a visitor typed (inputs, messages, step details, bodies) is a
// code node; plain text nodes hold only the report's own words. Personal data is masked unless the reader chose to include it; anything
// that looks like a credential is masked always, in case one slipped past the server's redaction.
import type { BlockContent, Code, Heading, List, ListItem, Paragraph, PhrasingContent, Root, RootContent } from 'mdast'
import { toMarkdown } from 'mdast-util-to-markdown'
import type { Exchange, PlaygroundConfig } from '../../contract/playground-api'
import type { Scenario } from '../../contract/scenarios'
import type { PanelInputs } from './panel-link'
import type { ActionGroup, RunError, RunStateName, StepStatus } from './run-machine'

/** The panel wraps the reader's text in bidi isolates for its own sentences; in a report's code span they would only be invisible characters a support person copies along. */
const withoutIsolates = (label: string) => label.replace(/[\u2066-\u2069]/g, '')

export interface ReportStep {
  title: string
  status: StepStatus
  /** What the step showed, in one line (no secrets: the token is masked). */
  detail?: string
  code?: string
}

export interface RunReportInput {
  config?: Pick<PlaygroundConfig, 'mode' | 'version' | 'engineLabel'>
  panelId: string
  inputs: PanelInputs
  /** The link that restores the inputs. */
  link: string
  /** The run's state; the report says it in words. */
  state: RunStateName
  steps: ReportStep[]
  groups: ActionGroup[]
  error?: RunError
  scenario?: Scenario
  /** ISO time the report was made. */
  at: string
  /** The page's origin, to turn help paths into links that work from a ticket. */
  origin: string
  /** The reader's visible choice: keep user ids, account ids, names, emails and the OAuth state (default masked). */
  includePersonalData?: boolean
}

const MASK = '••••'
// `code` only as a URL parameter (the OAuth authorization code): in JSON bodies it is an error code.
const SENSITIVE_PARAMS = 'code|access_token|refresh_token|id_token|token|client_secret|api_key|key'
const SENSITIVE_KEYS = 'access_token|refresh_token|id_token|token|client_secret|secret|api_key|apiKey|password|authorization'

const PATTERNS: Array<[RegExp, string | ((...m: string[]) => string)]> = [
  // Sandbox-issued tokens and codes keep their kind, not their value.
  [/\b(sbx_(?:at|rt|code))_[A-Za-z0-9_-]+/g, (_m, kind) => `${kind}_${MASK}`],
  // JWTs (Atlassian access tokens are JWTs).
  [/\beyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*/g, MASK],
  [/\b(Bearer|Basic)\s+(?!•)[A-Za-z0-9._~+/=-]+/gi, (_m, scheme) => `${scheme} ${MASK}`],
  // Arcade API keys.
  [/\barc_[A-Za-z0-9_-]{10,}/g, MASK],
  [new RegExp(`([?&](?:${SENSITIVE_PARAMS})=)(?!•)[^&#\\s"'\`]+`, 'gi'), (_m, key) => `${key}${MASK}`],
  [new RegExp(`("(?:${SENSITIVE_KEYS})"\\s*:\\s*")(?![^"]*•)[^"]{6,}(")`, 'gi'), (_m, key, end) => `${key}${MASK}${end}`]
]

/** Masks anything in a text that looks like a token, key, authorization code or secret. */
export function maskSecrets(text: string): string {
  return PATTERNS.reduce((t, [pattern, replacement]) => t.replace(pattern, replacement as never), text)
}

/** Keys whose string value is a person's (Arcade's user_id; Atlassian's /me and Jira's /myself), by what they are. */
const PERSONAL_KEYS: Record<string, string> = {
  user_id: 'user id',
  account_id: 'account id',
  accountId: 'account id',
  email: 'email',
  emailAddress: 'email',
  displayName: 'name',
  nickname: 'name',
  picture: 'picture',
  state: 'OAuth state'
}
/** URL parameters that carry a person or a flow's OAuth state. */
const PERSONAL_PARAMS: Record<string, string> = { user_id: 'user id', state: 'OAuth state', account_id: 'account id' }

/** Every personal value the run's exchanges carry, with what it is: found by key and URL parameter, masked by value. */
function personalValues(groups: ActionGroup[]): Map<string, string> {
  const found = new Map<string, string>()
  const note = (value: unknown, label: string) => {
    // An OAuth state is an opaque random value; a short `state` is a word (masking it would mask that word everywhere).
    const shortest = label === 'OAuth state' ? 16 : 3
    if (typeof value === 'string' && value.length >= shortest && !value.includes(MASK)) found.set(value, label)
  }
  const fromUrl = (text: string) => {
    if (!/^(https?:\/\/|\/)/.test(text)) return
    let url: URL
    try {
      url = new URL(text, 'http://report.invalid')
    } catch {
      return
    }
    for (const [param, label] of Object.entries(PERSONAL_PARAMS)) note(url.searchParams.get(param) ?? undefined, label)
    // A redirect URL nested in a consent URL carries its own parameters.
    for (const value of url.searchParams.values()) if (value !== text) fromUrl(value)
  }
  const walk = (value: unknown, depth: number): void => {
    if (depth > 20) return
    if (typeof value === 'string') return fromUrl(value)
    if (Array.isArray(value)) return value.forEach((v) => walk(v, depth + 1))
    if (!value || typeof value !== 'object') return
    const record = value as Record<string, unknown>
    // A person's record (it has an account id): its `name` is the person's name, not a site's or a project's.
    if ('account_id' in record || 'accountId' in record) note(record.name, 'name')
    for (const [key, child] of Object.entries(record)) {
      if (PERSONAL_KEYS[key]) note(child, PERSONAL_KEYS[key])
      walk(child, depth + 1)
    }
  }
  for (const e of groups.flatMap((g) => g.exchanges)) {
    fromUrl(e.url)
    walk(e.requestBody, 0)
    walk(e.responseBody, 0)
  }
  return found
}

/** Replaces each personal value (longest first, so a name inside an email goes with the email). */
function personalMask(values: Map<string, string>): (text: string) => string {
  const ordered = [...values.entries()].sort(([a], [b]) => b.length - a.length)
  return (text) => ordered.reduce((out, [value, label]) => out.split(value).join(`‹${label} masked›`), text)
}

/** Body limits in the report: enough to show an error answer whole, not a page of projects. */
const MAX_BODY_LINES = 30
const MAX_BODY_CHARS = 2_500

const text = (value: string): PhrasingContent => ({ type: 'text', value })
const code = (value: string): PhrasingContent => ({ type: 'inlineCode', value })
const link = (url: string, label = url): PhrasingContent => ({ type: 'link', url, children: [text(label)] })
const paragraph = (...children: PhrasingContent[]): Paragraph => ({ type: 'paragraph', children })
const heading = (depth: Heading['depth'], ...children: PhrasingContent[]): Heading => ({ type: 'heading', depth, children })
const item = (...children: PhrasingContent[]): ListItem => ({ type: 'listItem', spread: false, children: [paragraph(...children)] })
const list = (items: ListItem[]): List => ({ type: 'list', ordered: false, spread: false, children: items })
/** "label: " then the parts. */
const field = (label: string, ...parts: PhrasingContent[]): ListItem => item(text(`${label}: `), ...parts)
/** Code spans joined by ", ". */
const codes = (values: string[], none: string): PhrasingContent[] =>
  values.length === 0 ? [text(none)] : values.flatMap((v, i) => (i === 0 ? [code(v)] : [text(', '), code(v)]))

const STATUS_WORDS: Record<StepStatus, string> = { todo: 'not reached', active: 'in progress', done: 'done', skipped: 'not needed', failed: 'failed' }

/** The run's state as a sentence (never the machine's state names). */
const OUTCOME_WORDS: Record<RunStateName, string> = {
  idle: 'Not run yet.',
  starting: 'Starting the authorization.',
  flowFound: 'Waiting for consent: the page was reloaded and the panel carried on the flow it had started.',
  awaitingConsent: 'Waiting for consent in the Atlassian window.',
  consentWindowBlocked: 'Waiting: the browser blocked the consent window, so no consent has been given.',
  consentWindowClosed: 'Waiting: the consent window was closed before any consent was given.',
  loadingJira: 'Authorized; calling Jira.',
  refreshing: 'Authorized; loading Jira projects.',
  ready: 'Completed: authorized, and the Jira calls answered.',
  failed: 'Failed.',
  cancelled: 'Cancelled by the reader before the run finished.'
}

function bodyText(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body, null, 2)
}

/** A body as a code block, cut to MAX_BODY_LINES / MAX_BODY_CHARS with a note saying what was left out. */
function bodyBlocks(label: string, body: unknown, clean: (text: string) => string): BlockContent[] {
  const whole = clean(bodyText(body))
  const lines = whole.split('\n')
  let shown = lines.slice(0, MAX_BODY_LINES).join('\n')
  if (shown.length > MAX_BODY_CHARS) shown = shown.slice(0, MAX_BODY_CHARS)
  const block: Code = { type: 'code', lang: typeof body === 'string' ? null : 'json', value: shown }
  const out: BlockContent[] = [paragraph(text(`${label}:`)), block]
  if (shown.length < whole.length) {
    const shownLines = shown.split('\n').length
    out.push(paragraph(text(`Trimmed: showing ${shownLines} of ${lines.length} lines (${shown.length} of ${whole.length} characters); the panel's HTTP inspector shows the whole body.`)))
  }
  return out
}

/** Whether an exchange explains the run's end: it failed, got no answer, or is the run's last call. */
function explains(e: Exchange, isLast: boolean): boolean {
  return e.status === null || e.status >= 400 || isLast
}

function exchangeBlocks(e: Exchange, index: number, showBodies: boolean, clean: (text: string) => string): RootContent[] {
  const facts: ListItem[] = [field('step', code(e.step)), field('status', text(e.status === null ? 'no answer' : String(e.status))), field('duration', text(`${e.durationMs} ms`))]
  if (e.error) facts.push(field('error', code(clean(e.error))))
  for (const [name, value] of Object.entries(e.responseHeaders ?? {})) facts.push(field(`response header ${name}`, code(clean(value))))
  const out: RootContent[] = [heading(4, text(`${index}. `), code(clean(`${e.method} ${e.url}`))), list(facts)]
  if (!showBodies) {
    if (e.requestBody !== undefined || e.responseBody !== undefined) out.push(paragraph(text('Bodies left out: this call succeeded and did not end the run.')))
    return out
  }
  if (e.requestBody !== undefined) out.push(...bodyBlocks('Request body', e.requestBody, clean))
  if (e.responseBody !== undefined) out.push(...bodyBlocks('Response body', e.responseBody, clean))
  return out
}

/** The report's mdast tree: every visitor-typed value sits in a text or code node. */
export function runReportTree(input: RunReportInput): Root {
  const personal = input.includePersonalData ? (t: string) => t : personalMask(personalValues(input.groups))
  const clean = (t: string) => maskSecrets(personal(t))
  const help = (path: string) => (path.startsWith('/') ? `${input.origin}${path}` : path)
  const { config, inputs, error } = input

  const outcome = input.state === 'failed' && error ? [text('Failed with '), code(error.code), text('.')] : [text(OUTCOME_WORDS[input.state])]
  const tree: RootContent[] = [
    heading(1, text('Run it: Atlassian flow report')),
    list([
      field('Site', text(config ? `${config.mode} mode, version ${config.version}, ${config.engineLabel}` : 'settings not loaded')),
      field('Panel', code(input.panelId)),
      field('Outcome', ...outcome),
      field('Made', text(input.at)),
      field(
        'Personal data',
        text(
          input.includePersonalData
            ? 'included, as the reader chose (user ids, account ids, names, emails, OAuth state).'
            : 'masked (user ids, account ids, names, emails, OAuth state); the panel can include it.'
        )
      )
    ]),
    heading(2, text('Inputs')),
    list([
      field('Scopes', ...codes(inputs.scopes, '(none)')),
      field('Provider', code(inputs.providerId)),
      field('Query', ...(inputs.query ? [code(inputs.query)] : [text('(all projects)')])),
      field('Site', ...(inputs.site ? [code(inputs.site)] : [text('(the first site the token reaches)')])),
      field('Scenario', ...(inputs.scenario ? [code(inputs.scenario)] : [text('(none)')])),
      field('Restore these inputs', link(input.link))
    ]),
    heading(2, text('Steps')),
    list(
      input.steps.map((step) =>
        item(
          text(`${step.title}: ${STATUS_WORDS[step.status]}`),
          ...(step.code ? [text(' ('), code(step.code), text(')')] : []),
          ...(step.detail ? [text(': '), code(clean(step.detail))] : [])
        )
      )
    )
  ]

  if (error) {
    const message: Code = { type: 'code', lang: null, value: clean(error.message) }
    tree.push(heading(2, text('Failure')), paragraph(text('Code '), code(error.code), text(':')), message, paragraph(text('Troubleshooting: '), link(help(error.help))))
  }
  if (input.scenario) {
    const s = input.scenario
    tree.push(
      heading(2, text('Scenario')),
      paragraph(text(`${s.title} (`), code(s.name), text(`): ${s.explanation}`)),
      paragraph(text('Troubleshooting: '), link(help(`/troubleshooting#${s.anchor}`)))
    )
  }

  tree.push(heading(2, text('HTTP exchanges')))
  if (input.groups.length === 0) tree.push(paragraph(text('(none)')))
  const all = input.groups.flatMap((g) => g.exchanges)
  const last = all[all.length - 1]
  const failed = input.state === 'failed'
  for (const group of input.groups) {
    const count = group.exchanges.length
    // A label may name a site (Site change to …), which is Atlassian's data: a code span, like every outside value.
    tree.push(heading(3, text(`${group.number}. `), code(withoutIsolates(group.label)), text(` (${count} ${count === 1 ? 'request' : 'requests'})`)))
    group.exchanges.forEach((e, i) => tree.push(...exchangeBlocks(e, i + 1, !failed || explains(e, e === last), clean)))
  }
  return { type: 'root', children: tree }
}

export function runReport(input: RunReportInput): string {
  return toMarkdown(runReportTree(input), { bullet: '-', fences: true, resourceLink: false })
}
