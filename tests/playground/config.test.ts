import { test } from 'node:test'
import assert from 'node:assert/strict'
import { ConfigError, loadConfig } from '../../lib/config'

const SECRET = 'x'.repeat(40)

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env)
  } catch (error) {
    assert.ok(error instanceof ConfigError, 'a bad configuration must raise ConfigError')
    return error.problems
  }
  assert.fail('expected the configuration to be rejected')
}

test('no credentials means sandbox mode with working defaults', () => {
  const config = loadConfig({})
  assert.equal(config.mode, 'sandbox')
  assert.equal(config.providerId, 'atlassian')
  assert.equal(config.arcadeApiKey, undefined)
  assert.ok(config.sessionSecret.length >= 32)
  assert.equal(config.longPollSeconds, 20)
})

test('ARCADE_API_KEY switches to live mode and keeps a self-hosted base URL', () => {
  const config = loadConfig({ ARCADE_API_KEY: 'a-real-looking-key', ARCADE_BASE_URL: 'http://127.0.0.1:9099/', SESSION_SECRET: SECRET })
  assert.equal(config.mode, 'live')
  assert.equal(config.arcadeBaseUrl, 'http://127.0.0.1:9099')
  assert.equal(config.atlassianApiBase, 'https://api.atlassian.com')
})

test('a malformed variable is an error that names it', () => {
  assert.match(problemsOf({ ARCADE_BASE_URL: 'not a url', ARCADE_API_KEY: 'a-real-looking-key', SESSION_SECRET: SECRET }).join(), /ARCADE_BASE_URL/)
  assert.match(problemsOf({ PLAYGROUND_LONGPOLL_SECONDS: '90' }).join(), /PLAYGROUND_LONGPOLL_SECONDS must be at most 25/)
  assert.match(problemsOf({ ARCADE_PROVIDER_ID: 'has spaces' }).join(), /ARCADE_PROVIDER_ID/)
  const withCredentials = problemsOf({ ARCADE_API_KEY: 'a-real-looking-key', ARCADE_BASE_URL: 'https://user:hunter2@engine.example', SESSION_SECRET: SECRET })
  assert.match(withCredentials.join(), /ARCADE_BASE_URL must not contain a user name or password/)
  assert.doesNotMatch(withCredentials.join(), /hunter2/, 'the message names the setting, never its value')
  assert.match(problemsOf({ PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS: '0' }).join(), /PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be at least 1/)
  assert.match(problemsOf({ PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS: 'soon' }).join(), /PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS must be a number/)
})

test('the upstream timeout defaults to 10 s and can be shortened', () => {
  assert.equal(loadConfig({}).upstreamTimeoutSeconds, 10)
  assert.equal(loadConfig({ PLAYGROUND_UPSTREAM_TIMEOUT_SECONDS: '2' }).upstreamTimeoutSeconds, 2)
})

test('a misspelt variable is an error with a suggestion, not a silent fallback to sandbox mode', () => {
  assert.match(problemsOf({ ARCDE_API_KEY: 'a-real-looking-key' }).join(), /ARCDE_API_KEY .*did you mean ARCADE_API_KEY/)
  assert.match(problemsOf({ ARCADE_APIKEY: 'a-real-looking-key' }).join(), /did you mean ARCADE_API_KEY/)
  assert.match(problemsOf({ ARCADE_SOMETHING: '1' }).join(), /ARCADE_SOMETHING is not a setting/)
})

test('half a live configuration is refused', () => {
  assert.match(problemsOf({ ARCADE_BASE_URL: 'http://127.0.0.1:9099' }).join(), /ARCADE_BASE_URL is set but ARCADE_API_KEY is not/)
  assert.match(problemsOf({ ARCADE_API_KEY: 'a-real-looking-key' }).join(), /SESSION_SECRET is required in live mode/)
  assert.match(problemsOf({ ARCADE_API_KEY: 'a-real-looking-key', SESSION_SECRET: 'short' }).join(), /SESSION_SECRET must be at least 32/)
})

test('scaling settings: Redis needs a shared SESSION_SECRET, limits and TRUST_PROXY are validated and named', () => {
  const defaults = loadConfig({})
  assert.equal(defaults.redisUrl, undefined)
  assert.equal(defaults.rateLimitPerMinute, 120)
  assert.equal(defaults.rateLimitPerIpPerMinute, 600)
  assert.equal(defaults.trustProxyHops, 0)
  const shared = loadConfig({ REDIS_URL: 'redis://127.0.0.1:6379', SESSION_SECRET: SECRET, RATE_LIMIT_PER_MINUTE: '30', TRUST_PROXY: '1' })
  assert.equal(shared.redisUrl, 'redis://127.0.0.1:6379')
  assert.equal(shared.rateLimitPerMinute, 30)
  assert.equal(shared.trustProxyHops, 1)

  assert.match(problemsOf({ REDIS_URL: 'redis://127.0.0.1:6379' }).join(), /SESSION_SECRET is required with REDIS_URL/)
  assert.match(problemsOf({ REDIS_URL: 'http://127.0.0.1:6379', SESSION_SECRET: SECRET }).join(), /REDIS_URL must start with redis:\/\//)
  const withPassword = problemsOf({ REDIS_URL: 'redis://:hunter2-secret@', SESSION_SECRET: SECRET }).join()
  assert.doesNotMatch(withPassword, /hunter2/, 'a problem never echoes the URL, which may hold a password')
  assert.match(problemsOf({ RATE_LIMIT_PER_MINUTE: '0' }).join(), /RATE_LIMIT_PER_MINUTE must be at least 1/)
  assert.match(problemsOf({ RATE_LIMIT_PER_IP_PER_MINUTE: 'lots' }).join(), /RATE_LIMIT_PER_IP_PER_MINUTE must be a number/)
  assert.match(problemsOf({ TRUST_PROXY: 'yes' }).join(), /TRUST_PROXY must be the number of proxies/)
  assert.match(problemsOf({ RATE_LIMIT_PER_MINUT: '10' }).join(), /did you mean RATE_LIMIT_PER_MINUTE/)
  assert.match(problemsOf({ REDIS_ULR: 'redis://127.0.0.1:6379' }).join(), /did you mean REDIS_URL/)
  assert.match(problemsOf({ RATE_LIMIT_BURST: '10' }).join(), /RATE_LIMIT_BURST is not a setting/)
})

test('ARCADE_PROVIDER_IDS lists the provider ids a visitor may start, the default first', () => {
  // Sandbox mode: the kind and the embedded provider's own id, the two documented names of its one provider.
  assert.deepEqual(loadConfig({}).providerIds, ['atlassian', 'my-atlassian-provider'])
  assert.deepEqual(loadConfig({ ARCADE_API_KEY: 'arcade-live-key-0123456789abcdef', SESSION_SECRET: 's'.repeat(32) }).providerIds, ['atlassian'])
  assert.deepEqual(loadConfig({ ARCADE_PROVIDER_ID: 'my-atlassian' }).providerIds, ['my-atlassian'])
  const listed = loadConfig({ ARCADE_PROVIDER_IDS: 'atlassian, my-atlassian ,jira-prod' })
  assert.equal(listed.providerId, 'atlassian')
  assert.deepEqual(listed.providerIds, ['atlassian', 'my-atlassian', 'jira-prod'])
  const chosen = loadConfig({ ARCADE_PROVIDER_IDS: 'atlassian,my-atlassian', ARCADE_PROVIDER_ID: 'my-atlassian' })
  assert.equal(chosen.providerId, 'my-atlassian')
  assert.deepEqual(chosen.providerIds, ['my-atlassian', 'atlassian'])

  assert.match(problemsOf({ ARCADE_PROVIDER_IDS: 'atlassian,,jira' }).join(), /ARCADE_PROVIDER_IDS must be provider ids separated by commas.*\(an empty entry\)/)
  assert.match(problemsOf({ ARCADE_PROVIDER_IDS: 'atlassian,has spaces' }).join(), /not a provider id: "has spaces"/)
  assert.match(problemsOf({ ARCADE_PROVIDER_IDS: 'atlassian,atlassian' }).join(), /ARCADE_PROVIDER_IDS names atlassian more than once/)
  assert.match(problemsOf({ ARCADE_PROVIDER_IDS: 'a,b', ARCADE_PROVIDER_ID: 'c' }).join(), /ARCADE_PROVIDER_ID \(c\) must be one of ARCADE_PROVIDER_IDS \(a, b\)/)
  assert.match(problemsOf({ ARCADE_PROVIDER_ID_S: 'a' }).join(), /did you mean ARCADE_PROVIDER_IDS?/)
})
