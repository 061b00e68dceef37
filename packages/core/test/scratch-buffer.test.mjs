import assert from 'node:assert/strict'
import { test } from 'node:test'
import { ScratchBuffer } from '../dist/esm/scratch-buffer.js'

test('a scratch buffer given back is lent again, for the next task', () => {
  const scratch = new ScratchBuffer()
  const first = scratch.take(1000)
  assert.equal(first.length, 1000)
  scratch.give(first)

  const second = scratch.take(3000)
  assert.equal(second.length, 3000)
  assert.equal(second.buffer, first.buffer, 'the same memory')
})

test('while it is lent, another task gets memory of its own', () => {
  const scratch = new ScratchBuffer()
  const lent = scratch.take(1000)
  const other = scratch.take(1000)
  assert.notEqual(other.buffer, lent.buffer)
  lent.fill(1)
  other.fill(2)
  assert.ok(lent.every((byte) => byte === 1))

  // Giving back the other task's memory does not end the loan.
  scratch.give(other)
  assert.notEqual(scratch.take(1000).buffer, lent.buffer)
  scratch.give(lent)
  assert.equal(scratch.take(1000).buffer, lent.buffer)
})

test('a task larger than what is kept gets a larger buffer, kept from ' +
  'then on; one beyond 4 MiB is not kept', () => {
  const scratch = new ScratchBuffer()
  const small = scratch.take(100)
  scratch.give(small)
  const large = scratch.take(200_000)
  assert.notEqual(large.buffer, small.buffer)
  scratch.give(large)
  assert.equal(scratch.take(150_000).buffer, large.buffer)
  scratch.give(large)

  const huge = scratch.take(5 * 1024 * 1024)
  scratch.give(huge)
  assert.equal(scratch.take(10).buffer, large.buffer)
})
