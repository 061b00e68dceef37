// Turns a push request's body into streams and entries, choosing the
// decoder as Loki does: Content-Encoding first, then Content-Type.
import { isAscii } from 'node:buffer'
import { gunzipSync, inflateRawSync } from 'node:zlib'
import type { LabelCache } from './label-cache.js'
import type { LokiVersion } from './limits.js'
import { readJsonPush } from './push-decoder-json.js'
import { readProtobufPush } from './push-decoder-protobuf.js'
import { PushRejection, type DecodedPush } from './push-request.js'
import {
  SNAPPY_CORRUPT,
  SnappyTooLargeError,
  decompressSnappyBlock,
} from './snappy-block.js'

/** What the decoder needs to know about one push request. */
export interface PushBody {
  readonly contentType: string | undefined
  readonly contentEncoding: string | undefined
  readonly body: Uint8Array
  readonly version: LokiVersion
  /** Largest decompressed body accepted; 0 = no limit. */
  readonly maxBodyBytes: number
  /** Label strings already read by this receiver. */
  readonly labelCache: LabelCache
}

/** Decodes a push body, or throws the `PushRejection` Loki would answer. */
export function decodePushBody (request: PushBody): DecodedPush {
  const mediaType = parseMediaType(request.contentType)
  const body = decodeContent(request)
  if (mediaType === 'application/json') {
    // Decoded through a view on the body's memory, not a copy of it. An
    // ASCII body, which most JSON is, reads as the same string as latin1,
    // and faster.
    const view = Buffer.from(body.buffer, body.byteOffset, body.byteLength)
    const text = isAscii(view) ? view.toString('latin1') : view.toString()
    return readJsonPush(text, request.version, request.labelCache)
  }

  // Every other media type means protobuf, always snappy-compressed.
  try {
    return readProtobufPush(
      decompressSnappyBlock(body, request.maxBodyBytes),
      request.version,
      request.labelCache
    )
  } catch (error) {
    if (error instanceof SnappyTooLargeError) {
      throw bodyTooLarge(error.decodedBytes, request)
    }
    if ((error as Error).message === SNAPPY_CORRUPT) {
      throw new PushRejection(400, SNAPPY_CORRUPT)
    }
    throw error
  }
}

/** The rejection for a body over `maxBodyBytes` (413 from Loki 3.6 on). */
export function bodyTooLarge (
  bytes: number | string,
  request: Pick<PushBody, 'version' | 'maxBodyBytes'>
): PushRejection {
  return new PushRejection(
    request.version === 2 ? 400 : 413,
    `request body too large: ${bytes} bytes, ` +
      `limit: ${request.maxBodyBytes} bytes`
  )
}

function parseMediaType (contentType: string | undefined): string {
  const mediaType = (contentType ?? '').split(';')[0]?.trim().toLowerCase()
  // Loki's mime.ParseMediaType error, word for word.
  if (mediaType === undefined || mediaType === '') {
    throw new PushRejection(400, 'mime: no media type')
  }
  return mediaType
}

function decodeContent (request: PushBody): Uint8Array {
  const encoding = (request.contentEncoding ?? '').trim().toLowerCase()
  // 'snappy' is only a marker: protobuf bodies are snappy anyway.
  if (encoding === '' || encoding === 'snappy') return request.body

  const options = request.maxBodyBytes > 0
    ? { maxOutputLength: request.maxBodyBytes }
    : {}
  try {
    if (encoding === 'gzip') return gunzipSync(request.body, options)
    // Loki's deflate is raw DEFLATE, without the zlib header.
    if (encoding === 'deflate') return inflateRawSync(request.body, options)
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') {
      throw bodyTooLarge(`more than ${request.maxBodyBytes}`, request)
    }
    throw new PushRejection(400, `${encoding}: ${(error as Error).message}`)
  }
  throw new PushRejection(
    400, `Content-Encoding "${request.contentEncoding}" not supported`
  )
}
