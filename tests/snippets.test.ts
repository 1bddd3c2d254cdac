// Single source for code samples: every snippet is shown by a page, every fence on a page is a snippet,
// and every snippet passes its language's check. Each check also runs against a broken fixture, to prove
// it can fail.
import assert from 'node:assert/strict'
import { TOOL_PANEL_SNIPPETS } from '../contract/panel-snippets'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import remarkSnippets, { ROOT, snippetPath } from '../lib/mdx/remark-snippets.mjs'
import { highlightPlaygroundSnippet } from '../lib/highlight'
import { inLanguage, MAX_COLUMNS, snippetText, type SlotValues } from '../components/playground/snippet-text'
import { LANGUAGE_TABS } from '../components/playground/snippet-types'
import { SCOPE_NAMES } from '../contract/scopes'
import { ATLASSIAN_PROVIDER_KIND, EXAMPLE_PROVIDER_RECORD_ID } from '../contract/facts'
import { reloadConfig } from '../lib/config'

const require = createRequire(import.meta.url)

function filesUnder(dir: string, keep: (file: string) => boolean): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => path.relative(ROOT, path.join(entry.parentPath, entry.name)))
    .sort()
}

interface Fence { page: string; line: number; meta: string; body: string }

/** The fenced code blocks of an MDX file (``` fences, possibly indented inside JSX). */
function fencesOf(root: string, page: string): Fence[] {
  const lines = readFileSync(path.join(root, page), 'utf8').split('\n')
  const fences: Fence[] = []
  for (let i = 0; i < lines.length; i++) {
    const open = lines[i].match(/^\s*```(.*)$/)
    if (!open) continue
    const start = i
    const body: string[] = []
    while (++i < lines.length && !/^\s*```\s*$/.test(lines[i])) body.push(lines[i])
    fences.push({ page, line: start + 1, meta: open[1], body: body.join('\n') })
  }
  return fences
}

/** Problems with the snippet/page relation under `root` (a project folder). */
function singleSourceProblems(root: string): string[] {
  const snippets = readdirSync(path.join(root, 'snippets'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile()).map((e) => path.relative(root, path.join(e.parentPath, e.name)))
  const pages = readdirSync(path.join(root, 'pages'), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.mdx')).map((e) => path.relative(root, path.join(e.parentPath, e.name)))
  const fences = pages.flatMap((page) => fencesOf(root, page))
  const problems: string[] = []
  for (const fence of fences) {
    const named = snippetPath(fence.meta)
    const where = `${fence.page}:${fence.line}`
    if (!named) problems.push(`${where}: code fence does not name a snippets/ file`)
    else if (!snippets.includes(named)) problems.push(`${where}: ${named} does not exist`)
    if (fence.body.trim() !== '') problems.push(`${where}: code fence has a body; the snippet file must be the only source`)
  }
  const used = new Set(fences.map((f) => snippetPath(f.meta)))
  // The playground shows its snippets through getStaticProps: highlightPlaygroundSnippet('snippets/…', 'snippets/…').
  for (const page of pages) {
    for (const call of readFileSync(path.join(root, page), 'utf8').matchAll(/highlightPlaygroundSnippet\(([^)]*)\)/g)) {
      for (const m of call[1].matchAll(/'(snippets\/[^']+)'/g)) used.add(m[1])
    }
    // The tool panel's code view: highlightToolPanelSnippets() shows contract/panel-snippets.ts's files.
    if (readFileSync(path.join(root, page), 'utf8').includes('highlightToolPanelSnippets()')) Object.values(TOOL_PANEL_SNIPPETS).forEach((file) => used.add(file))
  }
  for (const snippet of snippets) if (!used.has(snippet)) problems.push(`${snippet}: not shown by any page`)
  return problems
}

function pythonSyntaxErrors(files: string[]): string[] {
  return files.flatMap((file) => {
    const run = spawnSync('python3', ['-c', 'import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])', file])
    if (run.error) throw run.error
    return run.status === 0 ? [] : [`${file}: ${run.stderr.toString().trim().split('\n').at(-1)}`]
  })
}

/** Runs tsc on the given files with the project's compiler options; returns its output, or '' when clean. */
function typeErrors(files: string[]): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'snippets-tsc-'))
  const config = path.join(dir, 'tsconfig.json')
  writeFileSync(config, JSON.stringify({
    extends: path.join(ROOT, 'tsconfig.json'),
    compilerOptions: { noEmit: true, incremental: false, checkJs: true, typeRoots: [path.join(ROOT, 'node_modules/@types')] },
    files: files.map((file) => path.resolve(ROOT, file)), include: []
  }))
  const tsc = require.resolve('typescript/bin/tsc')
  const run = spawnSync(process.execPath, [tsc, '-p', config], { cwd: ROOT, encoding: 'utf8' })
  return run.status === 0 ? '' : `${run.stdout}${run.stderr}`
}

const snippets = filesUnder(path.join(ROOT, 'snippets'), () => true)
const pages = filesUnder(path.join(ROOT, 'pages'), (name) => name.endsWith('.mdx'))

describe('snippets are the single source of code on the site', () => {
  test('the project has snippets and pages to check', () => {
    assert.ok(snippets.length >= 4, `only ${snippets.length} snippets`)
    assert.ok(pages.includes('pages/auth-providers/atlassian.mdx'))
  })

  test('every snippet is shown by a page, and every code fence on a page is an empty fence naming a snippet', () => {
    assert.deepEqual(singleSourceProblems(ROOT), [])
  })

  test('the check catches an unused snippet, inline code and a missing file', () => {
    const root = mkdtempSync(path.join(tmpdir(), 'single-source-'))
    mkdirSync(path.join(root, 'snippets'))
    mkdirSync(path.join(root, 'pages'))
    writeFileSync(path.join(root, 'snippets/used.py'), 'x = 1\n')
    writeFileSync(path.join(root, 'snippets/unused.py'), 'y = 2\n')
    writeFileSync(path.join(root, 'pages/a.mdx'), [
      '```python filename="snippets/used.py"', '```',
      '  ```js', '  console.log(1)', '  ```',
      '```ts filename="snippets/gone.ts"', '```'
    ].join('\n'))
    assert.deepEqual(singleSourceProblems(root), [
      'pages/a.mdx:3: code fence does not name a snippets/ file',
      'pages/a.mdx:3: code fence has a body; the snippet file must be the only source',
      'pages/a.mdx:6: snippets/gone.ts does not exist',
      'snippets/unused.py: not shown by any page'
    ])
  })
})

describe('every snippet passes its check', () => {
  const python = snippets.filter((file) => file.endsWith('.py'))
  const typed = snippets.filter((file) => /\.(ts|tsx|mjs|js)$/.test(file))

  test('every snippet is Python, TypeScript or JavaScript (so one of the checks below covers it)', () => {
    assert.deepEqual(snippets.filter((file) => !python.includes(file) && !typed.includes(file)), [])
    assert.ok(python.length > 0 && typed.length > 0)
  })

  test('Python snippets parse with python3', () => {
    assert.deepEqual(pythonSyntaxErrors(python.map((file) => path.join(ROOT, file))), [])
  })

  test('the Python check rejects a syntax error', () => {
    const bad = path.join(mkdtempSync(path.join(tmpdir(), 'py-')), 'bad.py')
    writeFileSync(bad, 'def broken(:\n    pass\n')
    assert.equal(pythonSyntaxErrors([bad]).length, 1)
  })

  test('TypeScript/JavaScript snippets type-check against the real SDK types', () => {
    assert.equal(typeErrors(typed), '')
  })

  test('the type check rejects a wrong call into the SDK', () => {
    // Inside node_modules so that the SDK resolves, and outside the project's own tsconfig.
    mkdirSync(path.join(ROOT, 'node_modules/.cache'), { recursive: true })
    const dir = mkdtempSync(path.join(ROOT, 'node_modules/.cache/snippet-'))
    try {
      const bad = path.join(dir, 'bad.ts')
      writeFileSync(bad, 'import { Arcade } from "@arcadeai/arcadejs";\nawait new Arcade().auth.start("u", { scopes: 1 });\nexport {};\n')
      assert.match(typeErrors([bad]), /bad\.ts\(2,\d+\): error TS2345/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('the remark plugin fills fences from snippet files', () => {
  type Node = { type: string; meta?: string | null; value?: string; children?: Node[] }
  const run = (tree: Node) => remarkSnippets()(tree, { path: 'pages/test.mdx' })

  test('an empty fence naming a snippet gets the file text, without the final newline', () => {
    const code: Node = { type: 'code', meta: 'filename="snippets/app-code.py" {10-14}', value: '' }
    run({ type: 'root', children: [{ type: 'mdxJsxFlowElement', children: [code] }] })
    assert.equal(code.value, readFileSync(path.join(ROOT, 'snippets/app-code.py'), 'utf8').replace(/\n$/, ''))
  })

  test('a fence with a body, or naming a missing file, fails the build', () => {
    assert.throws(() => run({ type: 'root', children: [{ type: 'code', meta: 'filename="snippets/app-code.py"', value: 'x' }] }), /must be empty/)
    assert.throws(() => run({ type: 'root', children: [{ type: 'code', meta: 'filename="snippets/nope.py"', value: '' }] }), /ENOENT/)
  })

  test('the webpack pre-loader makes a page depend on the snippets it names', () => {
    const loader = require('../lib/mdx/snippet-deps-loader.cjs') as (this: object, source: string) => string
    const deps: string[] = []
    const source = '```python filename="snippets/app-code.py"\n```\n  ```ts filename="snippets/verify-user.ts" {1}\n  ```\n'
    const out = loader.call({ rootContext: ROOT, addDependency: (file: string) => deps.push(file) }, source)
    assert.equal(out, source)
    assert.deepEqual(deps, [path.join(ROOT, 'snippets/app-code.py'), path.join(ROOT, 'snippets/verify-user.ts')])
  })
})

// The guide, its note, its samples and the Run it panel's snippet tell one story.
const GUIDE_PAGE = 'pages/auth-providers/atlassian.mdx'
const LIVE_FILES = ['snippets/playground-run.mjs', 'snippets/playground-run.py'] as const
const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten']
const read = (file: string) => readFileSync(path.resolve(ROOT, file), 'utf8')

/** Inputs a reader may well type: a long provider id, every scope the panel offers, a query with quotes. */
const LONGISH_VALUES: SlotValues = {
  providerId: 'acme-robotics-atlassian-oauth-production',
  scopes: [...SCOPE_NAMES],
  query: 'Robot & Co "#1" \\ déjà vu',
  site: 'acme-robotics-engineering-and-operations'
}

/** The wait bound each snippet that polls `auth.status` sets, by file. */
function waitBounds(files: string[]): Record<string, number | undefined> {
  const polling = files.filter((file) => /auth\.status\(/.test(read(file)))
  return Object.fromEntries(polling.map((file) => {
    const text = read(file)
    const bound = /^(?:const )?MAX_WAIT_MINUTES = (\d+);?$/m.exec(text)
    // The constant must also be what the deadline uses.
    const used = /deadline = .*MAX_WAIT_MINUTES \* 60/.test(text)
    return [file, bound && used ? Number(bound[1]) : undefined]
  }))
}

/** Lines wider than `max` columns, as `file:line: width`. */
function wideLines(file: string, text: string, max = MAX_COLUMNS): string[] {
  return text.split('\n').flatMap((line, i) => ([...line].length > max ? [`${file}:${i + 1}: ${[...line].length} columns`] : []))
}

describe('one story: the page, its note, the samples and the panel agree', () => {
  const page = read(GUIDE_PAGE)
  const note = page.slice(page.indexOf('**Changed from the original guide.**'), page.indexOf('</Callout>', page.indexOf('**Changed from the original guide.**')))

  test('the wait bound: every sample and the live snippet stop after the minutes the page and its note state', () => {
    const stated = (text: string) => [...text.matchAll(/after (\w+) minutes/g)].map((m) => NUMBER_WORDS.indexOf(m[1]))
    assert.ok(stated(note).length >= 1, 'the note states the wait bound')
    const onPage = stated(page)
    assert.ok(onPage.length >= 2, 'the note and the prose state it')
    assert.equal(new Set(onPage).size, 1, `the page states one bound, not ${onPage}`)
    const minutes = onPage[0]
    assert.ok(minutes > 0)
    const bounds = waitBounds(snippets)
    for (const file of ['snippets/app-code.py', 'snippets/app-code.mjs', ...LIVE_FILES]) assert.ok(file in bounds, `${file} polls auth.status`)
    assert.deepEqual(bounds, Object.fromEntries(Object.keys(bounds).map((file) => [file, minutes])))
    // The panel itself stops waiting at the flow's lifetime, whose default is the same bound.
    const previous = process.env.PLAYGROUND_FLOW_TTL_SECONDS
    delete process.env.PLAYGROUND_FLOW_TTL_SECONDS
    try {
      assert.equal(reloadConfig().flowTtlSeconds, minutes * 60, 'the panel waits as long as the samples do')
    } finally {
      if (previous !== undefined) process.env.PLAYGROUND_FLOW_TTL_SECONDS = previous
      reloadConfig()
    }
  })

  test('the wait-bound check catches a sample that waits longer than the page says', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'wait-'))
    const file = path.join(dir, 'late.mjs')
    writeFileSync(file, 'const MAX_WAIT_MINUTES = 10;\nconst deadline = Date.now() + MAX_WAIT_MINUTES * 60 * 1000;\nawait c.auth.status({});\n')
    assert.deepEqual(waitBounds([file]), { [file]: 10 })
    writeFileSync(file, 'for (let polls = 0; polls < 30; polls++) await c.auth.status({ wait: 20 });\n')
    assert.deepEqual(waitBounds([file]), { [file]: undefined })
  })

  test('the provider: app code names the kind with auth.start, the tool names the ID, the live snippet the selector', () => {
    const named = /Give the provider a unique \*\*ID\*\*, for example `([^`]+)`/.exec(page)?.[1]
    assert.equal(named, EXAMPLE_PROVIDER_RECORD_ID)
    for (const file of ['snippets/app-code.py', 'snippets/app-code.mjs']) {
      // auth.start's provider is sent as provider_id, which names the kind (contract/facts.ts providerChoice).
      assert.match(read(file), new RegExp(`auth\\.start\\((?:userId, |\\n\\s+user_id=user_id,\\n\\s+provider=)"${ATLASSIAN_PROVIDER_KIND}"`), file)
    }
    const tool = read('snippets/list-projects.py')
    assert.match(tool, new RegExp(`^ATLASSIAN_PROVIDER_ID = "${named}"$`, 'm'))
    assert.match(tool, /Atlassian\(\n\s+id=ATLASSIAN_PROVIDER_ID,/)
    for (const file of LIVE_FILES) assert.match(read(file), /auth\.authorize\(/, `${file} sends the selector with auth.authorize`)
    for (const file of snippets) {
      // A record's ID where the kind goes: what the earlier "fix" did, and no source documents.
      assert.doesNotMatch(read(file), /auth\.start\(\w+, (?!"atlassian")|provider=(?!"atlassian")/, `${file} passes something other than the kind to auth.start`)
    }
  })

  test('the live snippet shows the provider selector the panel sends, in its place', async () => {
    const snippet = await highlightPlaygroundSnippet(...LIVE_FILES)
    const js = (values: SlotValues) => snippetText(snippet, values)
    const py = (values: SlotValues) => snippetText(inLanguage(snippet, 'python'), values)
    const kind = { providerId: 'atlassian', scopes: ['read:jira-work'], query: 'Pay', site: 'northwind-studio' }
    const record = { ...kind, providerId: 'jira-prod' }
    assert.match(js(kind), /^const PROVIDER = \{ provider_id: "atlassian" \};$/m)
    assert.match(py(kind), /^PROVIDER = \{"provider_id": "atlassian"\}$/m)
    assert.match(js(record), /^const PROVIDER = \{ id: "jira-prod" \};$/m)
    assert.match(py(record), /^PROVIDER = \{"id": "jira-prod"\}$/m)
    for (const text of [js(kind), py(kind)]) {
      assert.match(text, /^(const )?SCOPES = \["read:jira-work"\];?$/m)
      assert.match(text, /^(const )?QUERY = "Pay";?$/m)
      assert.match(text, /^(const )?SITE = "northwind-studio";?$/m)
      // The site field is the code's SITE, used to choose among the token's sites.
      assert.match(text, /SITE\.lower\(\)|SITE\.toLowerCase\(\)/)
    }
  })

  test('offline_access: Arcade holds the grant and refreshes; whether it asks for the scope itself is unconfirmed', () => {
    assert.match(page, /Your code never refreshes the token/)
    assert.match(page, /Arcade, not your app, holds the user's\s+grant/)
    assert.match(page, /keeps the refresh token and renews the access token/)
    assert.match(page, /whether Arcade adds that scope for you is \*\*unconfirmed\*\*/)
    assert.doesNotMatch(page, /does not need `offline_access`|never needs `offline_access`/i)
    for (const file of snippets) assert.doesNotMatch(read(file), /offline_access/, file)
    for (const file of ['snippets/app-code.py', 'snippets/app-code.mjs']) {
      assert.match(read(file), /Arcade keeps the grant and refreshes the token/, file)
    }
  })

  test('the panel\'s language order is the order of every language Tabs on the site', () => {
    const pageFiles = filesUnder(path.join(ROOT, 'pages'), (name) => name.endsWith('.mdx'))
    const tabs = pageFiles.flatMap((file) => [...read(file).matchAll(/<Tabs items=\{\[([^\]]*)\]\} storageKey="language">/g)].map((m) => m[1]))
    assert.ok(tabs.length >= 3)
    for (const items of tabs) assert.equal(items, "'Python', 'JavaScript'")
    assert.deepEqual([...LANGUAGE_TABS], ['python', 'js'])
  })
})

describe('every sample fits a phone: at most 80 columns', () => {
  test('every file in snippets/ is at most 80 columns wide', () => {
    assert.deepEqual(snippets.flatMap((file) => wideLines(file, read(file))), [])
  })

  test('the live snippet, rendered with long-ish inputs, is at most 80 columns wide in both languages', async () => {
    const snippet = await highlightPlaygroundSnippet(...LIVE_FILES)
    for (const variant of [snippet, inLanguage(snippet, 'python')]) {
      const text = snippetText(variant, LONGISH_VALUES)
      for (const scope of SCOPE_NAMES) assert.ok(text.includes(`"${scope}"`), `${variant.file} shows ${scope}`)
      assert.deepEqual(wideLines(variant.file, text), [])
    }
  })

  test('the width check counts characters and catches a wide line', () => {
    assert.deepEqual(wideLines('a.py', `${'é'.repeat(80)}\n${'x'.repeat(81)}`), ['a.py:2: 81 columns'])
  })
})

describe('the live snippet, as the panel renders it, is valid code in both languages', () => {
  const inputs: SlotValues[] = [
    { providerId: 'atlassian', scopes: ['read:jira-work', 'read:jira-user', 'read:me'], query: '' },
    { providerId: 'my-atlassian-provider', scopes: ['read:jira-work'], query: 'Pay' },
    LONGISH_VALUES,
    { providerId: 'p', scopes: [], query: 'quote " backslash \\ newline \n tab \t nul \u0000 line sep \u2028 emoji 🚀', site: 'a"b\\c' }
  ]

  test('the Python variant parses with python3 for every input', async () => {
    const python = inLanguage(await highlightPlaygroundSnippet(...LIVE_FILES), 'python')
    assert.equal(python.language, 'python')
    const dir = mkdtempSync(path.join(tmpdir(), 'live-py-'))
    const files = inputs.map((values, i) => {
      const file = path.join(dir, `run-${i}.py`)
      writeFileSync(file, snippetText(python, values))
      return file
    })
    assert.deepEqual(pythonSyntaxErrors(files), [])
  })

  test('the JavaScript variant passes node --check for every input', async () => {
    const js = await highlightPlaygroundSnippet(...LIVE_FILES)
    assert.equal(js.language, 'js')
    const dir = mkdtempSync(path.join(tmpdir(), 'live-js-'))
    for (const [i, values] of inputs.entries()) {
      const file = path.join(dir, `run-${i}.mjs`)
      writeFileSync(file, snippetText(js, values))
      const check = spawnSync(process.execPath, ['--check', file], { encoding: 'utf8' })
      assert.equal(check.status, 0, check.stderr)
    }
  })

  test('each variant\'s text is its file with the inputs in place of the literals', async () => {
    const snippet = await highlightPlaygroundSnippet(...LIVE_FILES)
    const defaults = { providerId: EXAMPLE_PROVIDER_RECORD_ID, scopes: ['read:jira-work', 'read:jira-user', 'read:me'], query: '' }
    assert.equal(snippetText(snippet, defaults), read(LIVE_FILES[0]).trimEnd())
    assert.equal(snippetText(inLanguage(snippet, 'python'), defaults), read(LIVE_FILES[1]).trimEnd())
  })
})
