import { promisify } from 'node:util'
import { gzip as gzipCallback } from 'node:zlib'
import { encodeJsonBody } from './json-encoder.js'
import {
  encodePushRequest, type StreamGroups,
} from './protobuf-encoder.js'
import { ScratchBuffer } from './scratch-buffer.js'
import { compressSnappyBlock } from './snappy-block.js'
import type { Encoding } from './options.js'

const gzip = promisify(gzipCallback)
// Where protobuf bodies are written before they are compressed.
const requests = new ScratchBuffer()

/** A push request's body with the headers that describe it. */
export interface PushBody {
  readonly body: Uint8Array
  readonly contentType: string
  readonly contentEncoding: string | undefined
}

/**
 * Encodes a batch in the client's format: protobuf in snappy blocks, or
 * JSON, gzipped off the event loop when asked.
 */
export async function encodeBody (
  streams: StreamGroups, encoding: Encoding, useGzip: boolean,
): Promise<PushBody> {
  if (encoding === 'protobuf') {
    const request = encodePushRequest(streams, requests)
    try {
      return {
        body: await compressSnappyBlock(request),
        contentType: 'application/x-protobuf',
        // Loki decodes snappy either way; the header tells proxies.
        contentEncoding: 'snappy',
      }
    } finally {
      requests.give(request)
    }
  }
  const json = encodeJsonBody(streams)
  return useGzip
    ? { body: await gzip(json), contentType: 'application/json',
        contentEncoding: 'gzip' }
    : { body: json, contentType: 'application/json',
        contentEncoding: undefined }
}
