// The record of every request the receiver saw and what it answered.
import type { IncomingHttpHeaders } from 'node:http'

/** One request as the receiver saw and answered it. */
export interface ReceivedRequest {
  /** The HTTP method. */
  readonly method: string
  /** Path without the query string. */
  readonly path: string
  /** Header names lower-case; credentials kept as received. */
  readonly headers: Readonly<Record<string, string>>
  /** The `Content-Type` header, if any. */
  readonly contentType: string | undefined
  /** The `Content-Encoding` header, if any. */
  readonly contentEncoding: string | undefined
  /** Body size as received (before decompression). */
  readonly bodyBytes: number
  /**
   * Status answered; 0 while pending or when no answer was sent
   * (connection reset, hang, receiver closed).
   */
  readonly status: number
  /** First line of the error answer, or why there was no answer. */
  readonly error?: string
  /** Entries decoded from the body. */
  readonly entriesReceived: number
  /** Entries of this request stored (not refused, not duplicates). */
  readonly entriesStored: number
  /** From the request's arrival to the answer. */
  readonly durationMs: number
}

/** The receiver's own, updatable view of a request record. */
export type RequestRecord = {
  -readonly [K in keyof ReceivedRequest]: ReceivedRequest[K]
}

/** The requests seen, in arrival order. */
export class RequestLog {
  private records: Array<RequestRecord> = []

  /** Number of requests seen. */
  get size (): number {
    return this.records.length
  }

  /** Records a request whose body has arrived; returns its record. */
  arrive (
    method: string,
    path: string,
    headers: IncomingHttpHeaders,
    bodyBytes: number
  ): RequestRecord {
    const flat = flattenHeaders(headers)
    const record: RequestRecord = {
      method,
      path,
      headers: flat,
      contentType: flat['content-type'],
      contentEncoding: flat['content-encoding'],
      bodyBytes,
      status: 0,
      entriesReceived: 0,
      entriesStored: 0,
      durationMs: 0,
    }
    this.records.push(record)
    return record
  }

  /** Snapshots of every record. */
  list (): ReceivedRequest[] {
    return this.records.map((record) => ({ ...record }))
  }

  /** Forgets every record. */
  clear (): void {
    this.records = []
  }
}

/** The first line of an answer, capped as clients keep it. */
export function firstLine (body: string): string {
  const line = body.split('\n', 1)[0] ?? ''
  return line.length > 1024 ? line.slice(0, 1024) : line
}

function flattenHeaders (headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {}
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue
    flat[name] = Array.isArray(value) ? value.join(', ') : value
  }
  return flat
}
