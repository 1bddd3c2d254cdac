// The test command's preflight (scripts/ensure-system-deps.sh): what it decides with programs hidden from PATH,
// as root, with and without passwordless sudo. apt-get, id, sudo and python3 are stand-ins in a private bin
// directory: nothing is installed or removed on this machine.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const SCRIPTS = fileURLToPath(new URL('../../scripts/', import.meta.url))

interface Machine {
  root?: boolean
  /** `sudo -n true` succeeds. */
  sudo?: boolean
  have?: Array<'chromium' | 'redis' | 'httpx'>
  /** apt-get runs but installs nothing. */
  aptInstallsNothing?: boolean
}

function executable(path: string, text: string) {
  writeFileSync(path, `#!/bin/sh\n${text}\n`)
  chmodSync(path, 0o755)
}

/** Runs the script on a pretend machine; returns its exit status, stderr and the apt-get calls it made. */
function run(machine: Machine, script = 'ensure-system-deps.sh', args: string[] = []) {
  const dir = mkdtempSync(join(tmpdir(), 'ensure-deps-'))
  try {
    const bin = join(dir, 'bin')
    spawnSync('mkdir', [bin])
    symlinkSync('/usr/bin/env', join(bin, 'env'))
    const chromium = join(dir, 'chromium')
    const have = new Set(machine.have ?? [])
    const fakeChromium = () => executable(chromium, 'exit 0')
    if (have.has('chromium')) fakeChromium()
    if (have.has('redis')) executable(join(bin, 'redis-server'), 'exit 0')
    if (have.has('httpx')) writeFileSync(join(dir, 'httpx-installed'), '')
    executable(join(dir, 'python3'), `[ -f '${dir}/httpx-installed' ]`)
    executable(join(bin, 'id'), `echo ${machine.root ? 0 : 1000}`)
    if (machine.sudo !== undefined) {
      executable(join(bin, 'sudo'), machine.sudo ? `[ "$1" = -n ] && shift; echo "sudo $*" >> '${dir}/calls'; [ "$1" = true ] && exit 0; exec "$@"` : 'exit 1')
    }
    const installs = machine.aptInstallsNothing
      ? ''
      : `for p in "$@"; do case "$p" in chromium) printf '#!/bin/sh\\nexit 0\\n' > '${chromium}'; /bin/chmod +x '${chromium}';; redis-server) printf '#!/bin/sh\\nexit 0\\n' > '${bin}/redis-server'; /bin/chmod +x '${bin}/redis-server';; python3-httpx) : > '${dir}/httpx-installed';; esac; done`
    executable(join(bin, 'apt-get'), `echo "apt-get $* (DEBIAN_FRONTEND=$DEBIAN_FRONTEND)" >> '${dir}/calls'\n${installs}`)
    const result = spawnSync('/bin/sh', [join(SCRIPTS, script), ...args], {
      env: { PATH: bin, CHROMIUM_PATH: chromium, SYSTEM_PYTHON: join(dir, 'python3') } as unknown as NodeJS.ProcessEnv,
      encoding: 'utf8'
    })
    const calls = existsSync(join(dir, 'calls')) ? readFileSync(join(dir, 'calls'), 'utf8').trim().split('\n') : []
    return { status: result.status, stderr: result.stderr, calls }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const aptCalls = (calls: string[]) => calls.filter((c) => c.startsWith('apt-get'))

test('everything present: nothing to do, no apt-get', () => {
  const result = run({ have: ['chromium', 'redis', 'httpx'] })
  assert.equal(result.status, 0, result.stderr)
  assert.deepEqual(result.calls, [])
})

test('not root and no passwordless sudo: stops at once with the exact command, installs nothing', () => {
  for (const sudo of [false, undefined]) {
    const result = run({ sudo, have: ['chromium', 'httpx'] })
    assert.equal(result.status, 1)
    assert.match(result.stderr, /sudo apt-get update && sudo apt-get install -y redis-server\n/)
    assert.deepEqual(aptCalls(result.calls), [])
  }
  const all = run({ sudo: false })
  assert.match(all.stderr, /sudo apt-get install -y chromium redis-server python3-httpx\n/)
  assert.match(all.stderr, /CHROMIUM_PATH/)
})

test('passwordless sudo: installs exactly what is missing through sudo, non-interactively', () => {
  const result = run({ sudo: true, have: ['chromium'] })
  assert.equal(result.status, 0, result.stderr)
  assert.ok(result.calls.includes('sudo true'), 'it asked sudo -n first')
  assert.deepEqual(aptCalls(result.calls), [
    'apt-get update -qq (DEBIAN_FRONTEND=noninteractive)',
    'apt-get install -y -qq redis-server python3-httpx (DEBIAN_FRONTEND=noninteractive)'
  ])
})

test('root: installs with apt-get directly', () => {
  const result = run({ root: true, have: ['redis', 'httpx'] })
  assert.equal(result.status, 0, result.stderr)
  assert.deepEqual(aptCalls(result.calls), ['apt-get update -qq (DEBIAN_FRONTEND=noninteractive)', 'apt-get install -y -qq chromium (DEBIAN_FRONTEND=noninteractive)'])
  assert.ok(!result.calls.some((c) => c.startsWith('sudo')))
})

test('an install that leaves something missing is a failure that names it', () => {
  const result = run({ root: true, have: ['chromium', 'redis'], aptInstallsNothing: true })
  assert.equal(result.status, 1)
  assert.match(result.stderr, /still missing after apt-get: python3-httpx/)
})

test('ensure-redis.sh checks redis-server alone', () => {
  assert.equal(run({ sudo: false, have: ['redis'] }, 'ensure-redis.sh').status, 0)
  const missing = run({ sudo: false, have: ['chromium', 'httpx'] }, 'ensure-redis.sh')
  assert.equal(missing.status, 1)
  assert.match(missing.stderr, /install -y redis-server\n/)
})

test('npm test runs the preflight before anything else, and .ci/run relies on it', () => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'))
  assert.match(pkg.scripts.test, /^sh scripts\/ensure-system-deps\.sh && /)
  const ci = readFileSync(new URL('../../.ci/run', import.meta.url), 'utf8')
  assert.match(ci, /export CI=true/)
  assert.match(ci, /npm ci && npm test/)
  assert.doesNotMatch(ci, /apt-get/, 'the preflight owns installing')
})
