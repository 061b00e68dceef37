// Reads a request body up to a size limit. Past the limit the rest is
// read and thrown away, so the client can finish sending and read the
// answer instead of failing on a broken pipe.
import type { IncomingMessage } from 'node:http'

/** A body as read: the bytes kept, and how many arrived in all. */
export interface ReadBody {
  readonly body: Buffer
  readonly bytes: number
}

/** Reads the whole body; keeps at most `maxBytes` of it (0 = all). */
export async function readRequestBody (
  request: IncomingMessage,
  maxBytes: number
): Promise<ReadBody> {
  const chunks: Buffer[] = []
  let bytes = 0
  for await (const chunk of request) {
    const buffer = chunk as Buffer
    bytes += buffer.length
    if (maxBytes === 0 || bytes <= maxBytes) chunks.push(buffer)
  }
  return { body: Buffer.concat(chunks), bytes }
}
