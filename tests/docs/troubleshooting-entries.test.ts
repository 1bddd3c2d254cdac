// The troubleshooting page is organised by what a person sees, where they see it; support staff link to its
// anchors, the scenario engine replays its entries, and the guide links back to it from each step.
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { test } from 'node:test'
import { SCENARIOS, type ScenarioStage } from '../../contract/scenarios'

const read = (rel: string) => readFileSync(new URL(`../../${rel}`, import.meta.url), 'utf8')
const page = read('pages/troubleshooting.mdx')
const guide = read('pages/auth-providers/atlassian.mdx')
const verifierGuide = read('pages/guides/user-facing-agents/secure-auth-production.mdx')

interface Section {
  level: number
  anchor?: string
  heading: string
  body: string
}

/** Headings with their text up to the next heading of any level. */
function sections(source: string): Section[] {
  const parts = source.split(/^(?=#{1,4} )/m).filter((p) => /^#{1,4} /.test(p))
  return parts.map((part) => {
    const [first, ...rest] = part.split('\n')
    const level = first.match(/^#+/)![0].length
    return { level, anchor: first.match(/\[#([a-z0-9-]+)\]\s*$/)?.[1], heading: first, body: rest.join('\n') }
  })
}

/** Nextra's ids for headings without an explicit [#id]. */
const slug = (heading: string) =>
  heading.replace(/^#+ /, '').toLowerCase().replace(/[^a-z0-9 -]/g, '').trim().replace(/ /g, '-')

function anchorsOf(source: string): Set<string> {
  return new Set(sections(source).map((s) => s.anchor ?? slug(s.heading)))
}

const all = sections(page)
const byAnchor = new Map(all.filter((s) => s.anchor).map((s) => [s.anchor!, s]))

/** The stage sections, in the order a person meets them, then the panel's own codes. */
const STAGES: Record<ScenarioStage, string> = {
  'consent-screen': 'at-the-consent-screen',
  'back-at-the-app': 'back-at-the-app',
  verifier: 'at-the-verifier',
  'token-endpoint': 'at-the-token-endpoint',
  jira: 'at-jira'
}

/** Every real-world entry, the string a person would search for, and its stage. */
const ENTRIES: { anchor: string; stage: ScenarioStage; searchFor: string }[] = [
  { anchor: 'redirect-uri-not-registered', stage: 'consent-screen', searchFor: 'redirect_uri' },
  { anchor: 'app-not-shared', stage: 'consent-screen', searchFor: "You don't have access to this app" },
  { anchor: 'scope-not-in-app', stage: 'consent-screen', searchFor: 'invalid_scope' },
  { anchor: 'access-denied', stage: 'back-at-the-app', searchFor: 'access_denied' },
  { anchor: 'several-atlassian-providers', stage: 'back-at-the-app', searchFor: 'multiple providers of the same type' },
  { anchor: 'user-mismatch', stage: 'verifier', searchFor: 'user_mismatch' },
  { anchor: 'no-custom-verifier', stage: 'verifier', searchFor: 'callback_verify' },
  { anchor: 'wrong-client-secret', stage: 'token-endpoint', searchFor: 'Unauthorized' },
  { anchor: 'authorization-code-invalid', stage: 'token-endpoint', searchFor: 'authorization_code is invalid' },
  { anchor: 'refresh-token-invalid-grant', stage: 'token-endpoint', searchFor: 'invalid_grant' },
  { anchor: 'scope-does-not-match', stage: 'jira', searchFor: 'scope does not match' },
  { anchor: 'no-accessible-resources', stage: 'jira', searchFor: 'accessible-resources' },
  { anchor: 'wrong-cloud-id', stage: 'jira', searchFor: 'Site temporarily unavailable' },
  { anchor: 'jira-429-retry-after', stage: 'jira', searchFor: 'Retry-After' }
]

/** The h2 stage a section sits under. */
function stageOf(anchor: string): string | undefined {
  const index = all.findIndex((s) => s.anchor === anchor)
  return all.slice(0, index).reverse().find((s) => s.level === 2)?.anchor
}

test('stages come in the order a person meets them, and the panel codes come last', () => {
  const h2 = all.filter((s) => s.level === 2).map((s) => s.anchor)
  assert.deepEqual(h2, [...Object.values(STAGES), 'errors-the-run-it-panel-shows'])
})

for (const scenario of SCENARIOS) {
  test(`scenario ${scenario.name}: its entry #${scenario.anchor} quotes the symptom and links to See it happen`, () => {
    const entry = byAnchor.get(scenario.anchor)
    assert.ok(entry, `no heading with [#${scenario.anchor}]`)
    assert.equal(entry.level, 3)
    const text = entry.heading + entry.body
    assert.ok(text.includes(scenario.symptom), `#${scenario.anchor} must quote ${scenario.symptom}`)
    assert.ok(
      entry.body.includes(`**See it happen:** [${scenario.name}](/auth-providers/atlassian?scenario=${scenario.name}#run-app-code)`),
      `#${scenario.anchor} needs its See it happen link`
    )
    assert.equal(stageOf(scenario.anchor), STAGES[scenario.stage], `#${scenario.anchor} sits under its stage`)
  })
}

const guideAnchors = anchorsOf(guide)
const pageAnchors: Record<string, Set<string>> = {
  '/auth-providers/atlassian': guideAnchors,
  '/guides/user-facing-agents/secure-auth-production': anchorsOf(verifierGuide),
  '/references/auth-providers': anchorsOf(read('pages/references/auth-providers.mdx'))
}

for (const { anchor, stage, searchFor } of ENTRIES) {
  test(`entry #${anchor}: symptom with its source, cause, fix and a guide step that exists`, () => {
    const entry = byAnchor.get(anchor)
    assert.ok(entry, `no heading with [#${anchor}]`)
    assert.equal(stageOf(anchor), STAGES[stage])
    const [firstParagraph] = entry.body.trim().split(/\n\s*\n/)
    // Site search indexes a heading and its paragraphs: the string must be in the heading or the first paragraph.
    assert.ok((entry.heading + firstParagraph).includes(searchFor), `#${anchor}: "${searchFor}" in the heading or first paragraph`)
    assert.match(firstParagraph, /^\*\*What you see:\*\*/)
    assert.match(firstParagraph, /Source:/, `#${anchor} names the source of its wording`)
    assert.match(entry.body, /\*\*Cause:\*\*/)
    assert.match(entry.body, /\*\*Fix:\*\*/)
    const step = entry.body.match(/\*\*Guide step:\*\*([\s\S]*?)(\*\*See it happen|$)/)?.[1] ?? ''
    const links = [...step.matchAll(/\]\((\/[^)#?]*)#([a-z0-9-]+)\)/g)]
    assert.ok(links.length > 0, `#${anchor} links to its guide step`)
    for (const [, path, hash] of links) {
      assert.ok(pageAnchors[path]?.has(hash), `#${anchor} links to ${path}#${hash}, which does not exist`)
    }
  })
}

test('the guide links back from its steps to every real-world entry, and each link resolves', () => {
  const lines = [guide, verifierGuide].flatMap((source) => source.split('\n').filter((l) => l.startsWith('If it goes wrong:')))
  assert.ok(lines.length >= 6, 'one "If it goes wrong:" line per step')
  const linked = new Set(lines.flatMap((l) => [...l.matchAll(/\/troubleshooting#([a-z0-9-]+)/g)].map((m) => m[1])))
  for (const anchor of linked) assert.ok(byAnchor.has(anchor), `the guide links to #${anchor}, which the page does not have`)
  for (const { anchor } of ENTRIES) assert.ok(linked.has(anchor), `no guide step links to #${anchor}`)
})

test('no anchor is used twice on the page', () => {
  const anchors = all.filter((s) => s.anchor).map((s) => s.anchor!)
  assert.deepEqual(anchors.filter((a, i) => anchors.indexOf(a) !== i), [])
})
