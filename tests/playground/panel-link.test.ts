import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasPanelParams, panelLink, parsePanelLink } from '../../components/playground/panel-link'
import { isolate } from '../../components/playground/reader-text'

test('a link sets the scopes, provider, query, site and scenario it names', () => {
  const { inputs, notes } = parsePanelLink('?scopes=read:jira-work,read:me&provider=my-atlassian&query=help&site=acme-robotics&scenario=consent-denied')
  assert.deepEqual(inputs, { scopes: ['read:jira-work', 'read:me'], providerId: 'my-atlassian', query: 'help', site: 'acme-robotics', scenario: 'consent-denied' })
  assert.deepEqual(notes, [])
})

test('invalid values are ignored with a note, and the valid ones still apply', () => {
  const { inputs, notes } = parsePanelLink('?scopes=foo,read:me&provider=bad%20id&scenario=nope&site=%3Cx%3E')
  assert.deepEqual(inputs, { scopes: ['read:me'] })
  assert.deepEqual(notes, [
    `Ignored scopes=${isolate('foo')}: not a known scope`,
    `Ignored provider=${isolate('bad id')}: not a provider id (letters, digits, . _ -, up to 64)`,
    `Ignored site=${isolate('<x>')}: not a cloud id or site name`,
    `Ignored scenario=${isolate('nope')}: not a known scenario`
  ])
})

test('a link preselects only the read scopes the guide uses: write and admin scopes are ignored with a note', () => {
  const { inputs, notes } = parsePanelLink('?scopes=read:jira-work,manage:jira-configuration,write:jira-work,offline_access')
  assert.deepEqual(inputs, { scopes: ['read:jira-work', 'offline_access'] })
  assert.deepEqual(notes, [
    'Ignored scopes=manage:jira-configuration: a link may preselect only the read scopes the guide uses',
    'Ignored scopes=write:jira-work: a link may preselect only the read scopes the guide uses'
  ])
})

test('the link round-trips through parse, names its panel, and keeps other parameters', () => {
  const inputs = { scopes: ['read:jira-work', 'offline_access'], providerId: 'atlassian', query: 'a b', site: '', scenario: 'scope-mismatch' }
  const link = panelLink('https://docs.example/auth-providers/atlassian?x=1&query=old#intro', 'run-custom-tool', inputs)
  const url = new URL(link)
  assert.equal(url.hash, '#run-custom-tool')
  assert.equal(url.searchParams.get('x'), '1')
  assert.match(link, /scopes=read:jira-work,offline_access/)
  assert.deepEqual(parsePanelLink(url.search).inputs, { scopes: inputs.scopes, providerId: 'atlassian', query: 'a b', scenario: 'scope-mismatch' })
  assert.equal(hasPanelParams(url.search), true)
  assert.equal(hasPanelParams('?x=1'), false)
})

test('a repeated parameter takes one rule: the last value counts, with a note', () => {
  const { inputs, notes } = parsePanelLink('?scopes=&scopes=read:me&query=a&query=b&query=c')
  assert.deepEqual(inputs, { scopes: ['read:me'], query: 'c' })
  assert.deepEqual(notes, [
    'Ignored the first 1 of 2 scopes= values: when a link repeats a parameter, the last one counts',
    'Ignored the first 2 of 3 query= values: when a link repeats a parameter, the last one counts'
  ])
})

test("a note isolates the reader's text, so a right-to-left override cannot reverse the sentence", () => {
  const { notes } = parsePanelLink(`?scenario=${encodeURIComponent('abc\u202Edef')}`)
  assert.deepEqual(notes, [`Ignored scenario=\u2068abc\u202Edef\u2069: not a known scenario`])
})

test('a link carries the language of the code tabs, and an unknown one is ignored with a note', () => {
  const inputs = { scopes: ['read:jira-work'], providerId: 'atlassian', query: '', site: '', scenario: '', language: 'python' as const }
  const link = panelLink('https://docs.example/auth-providers/atlassian', 'run-app-code', inputs)
  assert.equal(new URL(link).searchParams.get('language'), 'python')
  assert.equal(parsePanelLink(new URL(link).search).inputs.language, 'python')
  assert.equal(hasPanelParams('?language=js'), true)
  const { inputs: ignored, notes } = parsePanelLink('?language=cobol')
  assert.equal(ignored.language, undefined)
  assert.deepEqual(notes, [`Ignored language=${isolate('cobol')}: not one of python, js`])
})
