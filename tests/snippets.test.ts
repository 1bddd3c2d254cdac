// Single source for code samples: every snippet is shown by a page, every fence on a page is a snippet,
// and every snippet passes its language's check. Each check also runs against a broken fixture, to prove
// it can fail.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, test } from 'node:test'
import remarkSnippets, { ROOT, snippetPath } from '../lib/mdx/remark-snippets.mjs'

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
  // The playground shows its snippet through getStaticProps: highlightPlaygroundSnippet('snippets/…').
  for (const page of pages) {
    for (const m of readFileSync(path.join(root, page), 'utf8').matchAll(/highlightPlaygroundSnippet\('(snippets\/[^']+)'\)/g)) used.add(m[1])
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
