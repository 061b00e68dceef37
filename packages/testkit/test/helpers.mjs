// Test helpers: a tiny protobuf encoder for push bodies and push calls.
// The encoder is written from the field numbers in the protocol note, so
// tests do not depend on any client of the receiver.
import { gzipSync } from 'node:zlib'
import { startLokiReceiver } from '@lokits/testkit'
import snappy from 'snappyjs'

/** A fixed clock for the receiver: 2024-01-01T00:00:00Z. */
export const NOW_MS = 1_704_067_200_000

/** Nanoseconds `offsetMs` after NOW_MS, as the string Loki wants. */
export function nsAt (offsetMs = 0, extraNs = 0n) {
  return (BigInt(NOW_MS + offsetMs) * 1_000_000n + extraNs).toString()
}

function varint (value) {
  let v = BigInt.asUintN(64, BigInt(value))
  const out = []
  do {
    let byte = Number(v & 0x7fn)
    v >>= 7n
    if (v !== 0n) byte |= 0x80
    out.push(byte)
  } while (v !== 0n)
  return Buffer.from(out)
}

function lengthDelimited (field, payload) {
  const bytes = typeof payload === 'string' ? Buffer.from(payload) : payload
  return Buffer.concat([varint((field << 3) | 2), varint(bytes.length), bytes])
}

function varintField (field, value) {
  return Buffer.concat([varint(field << 3), varint(value)])
}

/**
 * Encodes a PushRequest. streams: [{ labels: '{a="b"}', entries: [{ ts
 * (string ns, or undefined to omit the timestamp), line, metadata?:
 * { name: value } }] }]
 */
export function encodePush (streams) {
  return Buffer.concat(streams.map(({ labels, entries }) => {
    const body = Buffer.concat([
      lengthDelimited(1, labels),
      ...entries.map((entry) => lengthDelimited(2, encodeEntry(entry))),
    ])
    return lengthDelimited(1, body)
  }))
}

function encodeEntry ({ ts, line, metadata = {} }) {
  const parts = []
  if (ts !== undefined) {
    const ns = BigInt(ts)
    parts.push(lengthDelimited(1, Buffer.concat([
      varintField(1, ns / 1_000_000_000n),
      varintField(2, ns % 1_000_000_000n),
    ])))
  }
  parts.push(lengthDelimited(2, line))
  for (const [name, value] of Object.entries(metadata)) {
    parts.push(lengthDelimited(3, Buffer.concat([
      lengthDelimited(1, name),
      lengthDelimited(2, value),
    ])))
  }
  return Buffer.concat(parts)
}

/** POSTs a snappy-compressed protobuf push; resolves { status, text }. */
export async function pushProtobuf (url, protobuf, headers = {}) {
  return post(url, Buffer.from(snappy.compress(protobuf)), {
    'content-type': 'application/x-protobuf',
    ...headers,
  })
}

/** POSTs a JSON push (gzipped with { gzip: true }). */
export async function pushJson (
  url, body, { gzip = false, headers = {} } = {}
) {
  const text = typeof body === 'string' ? body : JSON.stringify(body)
  return post(url, gzip ? gzipSync(text) : Buffer.from(text), {
    'content-type': 'application/json',
    ...(gzip ? { 'content-encoding': 'gzip' } : {}),
    ...headers,
  })
}

/** A JSON push of one stream. */
export function jsonStream (stream, values) {
  return { streams: [{ stream, values }] }
}

/** POSTs raw bytes with exactly the given headers. */
export async function post (url, body, headers = {}) {
  const response = await fetch(url, { method: 'POST', headers, body })
  return { status: response.status, text: await response.text(), response }
}

/** Runs `run(receiver)` with a receiver on the fixed clock, then closes it. */
export async function withReceiver (options, run) {
  const receiver = await startLokiReceiver({ now: () => NOW_MS, ...options })
  try {
    await run(receiver)
  } finally {
    await receiver.close()
  }
}
