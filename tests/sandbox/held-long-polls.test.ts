// Many held long-polls: each one used to add a listener to the sandbox's one lifetime AbortSignal, which made Node
// warn of a leak past ten (5,435 in the reported load run). They now share one Set, and closing still wakes them.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { startStandaloneSandbox } from '../helpers/sandbox'

test('thirty held long-polls add no listener to a shared AbortSignal, and closing the sandbox answers them all', async () => {
  const warnings: string[] = []
  const onWarning = (warning: Error) => warnings.push(`${warning.name}: ${warning.message}`)
  process.on('warning', onWarning)
  const s = await startStandaloneSandbox()
  try {
    const flows = await Promise.all(Array.from({ length: 30 }, (_, i) => s.arcade.auth.start(`held-${i}`, 'atlassian', { scopes: ['read:jira-work'] })))
    const t0 = performance.now()
    const held = flows.map((flow) => s.arcade.auth.status({ id: flow.id!, wait: 30 }, { timeout: 40_000 }))
    // Let every long-poll reach the sandbox and wait there.
    await new Promise((resolve) => setTimeout(resolve, 1_000))
    await s.sandbox.close()
    const answers = await Promise.allSettled(held)
    assert.ok(performance.now() - t0 < 10_000, 'closing released the held long-polls at once')
    // Held ones are answered with the flow; one still on its way when the sandbox closed is refused with a 503.
    for (const answer of answers) if (answer.status === 'rejected') assert.equal((answer.reason as { status?: number }).status, 503, String(answer.reason))
    // Node emits warnings on the next tick.
    await new Promise((resolve) => setImmediate(resolve))
    assert.deepEqual(warnings.filter((w) => /MaxListenersExceeded|abort listeners/.test(w)), [])
  } finally {
    process.off('warning', onWarning)
    await s.close().catch(() => undefined)
  }
})
