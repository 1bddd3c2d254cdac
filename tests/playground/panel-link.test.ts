import assert from 'node:assert/strict'
import { test } from 'node:test'
import { hasPanelParams, panelLink, parsePanelLink } from '../../components/playground/panel-link'

test('a link sets the scopes, provider, query, site and scenario it names', () => {
  const { inputs, notes } = parsePanelLink('?scopes=read:jira-work,read:me&provider=my-atlassian&query=help&site=acme-robotics&scenario=consent-denied')
  assert.deepEqual(inputs, { scopes: ['read:jira-work', 'read:me'], providerId: 'my-atlassian', query: 'help', site: 'acme-robotics', scenario: 'consent-denied' })
  assert.deepEqual(notes, [])
})

test('invalid values are ignored with a note, and the valid ones still apply', () => {
  const { inputs, notes } = parsePanelLink('?scopes=foo,read:me&provider=bad%20id&scenario=nope&site=%3Cx%3E')
  assert.deepEqual(inputs, { scopes: ['read:me'] })
  assert.deepEqual(notes, [
    'Ignored scopes=foo: not a known scope',
    'Ignored provider=bad id: not a provider id (letters, digits, . _ -, up to 64)',
    'Ignored site=<x>: not a cloud id or site name',
    'Ignored scenario=nope: not a known scenario'
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
