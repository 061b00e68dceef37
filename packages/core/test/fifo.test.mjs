import assert from 'node:assert/strict'
import { test } from 'node:test'
import { EntryQueue } from '../dist/esm/entry-queue.js'
import { Fifo } from '../dist/esm/fifo.js'

test('a fifo gives its items back in the order they came', () => {
  const fifo = new Fifo()
  assert.equal(fifo.shift(), undefined, 'empty')
  for (let i = 0; i < 5000; i++) fifo.push(i)
  assert.equal(fifo.length, 5000)
  // Far past the point where the array behind it is cut.
  for (let i = 0; i < 3000; i++) assert.equal(fifo.shift(), i)
  assert.equal(fifo.length, 2000)
  assert.equal(fifo.peek(), 3000)
  assert.equal(fifo.at(1999), 4999)
  assert.equal(fifo.at(2000), undefined)
  fifo.push(5000)
  assert.deepEqual(fifo.drain(), Array.from({ length: 2001 }, (_, i) =>
    3000 + i))
  assert.equal(fifo.length, 0)
  assert.equal(fifo.peek(), undefined)
})

test('a fifo keeps an item that is itself undefined in its place', () => {
  const fifo = new Fifo()
  fifo.push(undefined)
  fifo.push('after')
  assert.equal(fifo.length, 2)
  assert.equal(fifo.shift(), undefined)
  assert.equal(fifo.length, 1)
  assert.equal(fifo.shift(), 'after')
  assert.equal(fifo.length, 0)
})

test('an entry queue sums the sizes of what it holds', () => {
  const queue = new EntryQueue()
  for (const size of [10, 20, 30]) queue.push({ size })
  assert.equal(queue.bytes, 60)
  assert.equal(queue.shift().size, 10)
  assert.equal(queue.bytes, 50)
  assert.deepEqual(queue.drain().map((e) => e.size), [20, 30])
  assert.equal(queue.bytes, 0)
  assert.equal(queue.shift(), undefined)
  assert.equal(queue.bytes, 0)
})
