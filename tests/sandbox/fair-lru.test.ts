// fair-lru.ts: each owner's own oldest entries go first, then the largest owner's; a rewrite keeps the first owner.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { FairLru } from '../../lib/fair-lru'

const bounds = { maxEntries: 10, maxBytes: 1_000, perOwnerEntries: 4, perOwnerBytes: 400 }
const put = (cache: FairLru<string>, key: string, owner: string, bytes = 10) => cache.set(key, key, { owner, ttlMs: 60_000, bytes })

test('an owner past its share loses its own least recently used entries, nobody else’s', () => {
  const cache = new FairLru<string>(bounds)
  put(cache, 'victim', 'a')
  for (let i = 0; i < 100; i++) put(cache, `flood-${i}`, 'b')
  assert.equal(cache.get('victim'), 'victim')
  assert.deepEqual(cache.shareOf('b'), { entries: 4, bytes: 40 })
  assert.equal(cache.get('flood-99'), 'flood-99')
  assert.equal(cache.get('flood-95'), undefined)
})

test('past the whole bound, the owner holding the most bytes gives way first', () => {
  const cache = new FairLru<string>(bounds)
  put(cache, 'victim', 'a', 50)
  for (let owner = 0; owner < 6; owner++) for (let i = 0; i < 4; i++) put(cache, `o${owner}-${i}`, `flooder-${owner}`, 60)
  assert.ok(cache.size <= bounds.maxEntries && cache.bytes <= bounds.maxBytes, `${cache.size} entries, ${cache.bytes} bytes`)
  assert.equal(cache.get('victim'), 'victim', 'the smallest holder keeps its entry')
})

test('rewriting an entry keeps its first owner; expired entries are gone', () => {
  let now = 0
  const cache = new FairLru<string>(bounds, () => now)
  put(cache, 'record', 'a')
  put(cache, 'record', 'b')
  assert.deepEqual(cache.shareOf('a'), { entries: 1, bytes: 10 })
  assert.deepEqual(cache.shareOf('b'), { entries: 0, bytes: 0 })
  now = 60_001
  assert.equal(cache.get('record'), undefined)
  assert.equal(cache.size, 0)
})
