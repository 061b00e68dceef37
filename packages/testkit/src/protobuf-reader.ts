// A minimal protobuf wire-format reader: enough to walk Loki's push
// messages field by field and skip what it does not know, as any protobuf
// parser must for forward compatibility. Embedded messages are read in
// place by narrowing the same reader to them and widening it back, so
// reading a push makes no object per message.

/** Wire types of the protobuf encoding. */
export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LENGTH_DELIMITED = 2
export const WIRE_FIXED32 = 5

// Varints are read as plain numbers where that is exact: keys and lengths
// in up to 8 bytes, and 64-bit values in up to 7 (49 bits), which is the
// fast path of timestamps; longer 64-bit values take BigInt arithmetic.
const SAFE_BITS = 2 ** 53
const SHORT_BITS = 2 ** 49

/** Thrown on bytes that are not a well-formed protobuf message. */
export class ProtobufError extends Error {
  constructor (message: string) {
    super(`protobuf: ${message}`)
    this.name = 'ProtobufError'
  }
}

/** Reads the fields of one message, front to back. */
export class ProtobufReader {
  /** Number of the field whose key `nextField()` read last. */
  field = 0
  /** Wire type of that field. */
  wireType = 0
  private readonly bytes: Buffer
  private at: number
  private end: number

  /** Reads `bytes[start, end)` as one message. */
  constructor (bytes: Uint8Array, start = 0, end = bytes.length) {
    this.bytes = Buffer.isBuffer(bytes)
      ? bytes
      : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)
    this.at = start
    this.end = end
  }

  /** Reads the next field's key; false at the end of the message. */
  nextField (): boolean {
    if (this.at >= this.end) return false
    const key = this.smallVarint()
    this.field = Math.floor(key / 8)
    this.wireType = key % 8
    if (this.field === 0) throw new ProtobufError('field number 0')
    return true
  }

  /** Fails unless the current field arrived with the wire type it must have. */
  expectWireType (wireType: number): void {
    if (this.wireType !== wireType) {
      throw new ProtobufError(
        `field ${this.field} has wire type ${this.wireType}, want ${wireType}`
      )
    }
  }

  /**
   * Reads a varint that must fit a safe integer (keys, lengths): the hot
   * path, kept free of BigInt.
   */
  smallVarint (): number {
    let value = 0
    for (let scale = 1; scale < SAFE_BITS; scale *= 128) {
      const byte = this.nextByte()
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) return value
    }
    throw new ProtobufError('varint too large for a length or key')
  }

  /** Reads a varint as an unsigned 64-bit value. */
  varint (): bigint {
    const short = this.shortVarint()
    return short >= 0 ? BigInt(short) : this.longVarint()
  }

  /**
   * Reads a varint of at most 7 bytes (49 bits) as a Number. A longer one
   * is left unread and answered with -1, for `varint()` to read.
   */
  shortVarint (): number {
    const start = this.at
    // Timestamps' seconds and nanos fit 49 bits until the year 17 million;
    // only negative values need the 64-bit path.
    let value = 0
    for (let scale = 1; scale < SHORT_BITS; scale *= 128) {
      const byte = this.nextByte()
      value += (byte & 0x7f) * scale
      if ((byte & 0x80) === 0) return value
    }
    this.at = start
    return -1
  }

  /**
   * Reads the length of a length-delimited field, leaving the reader at
   * the field's first byte.
   */
  length (): number {
    const length = this.smallVarint()
    if (this.at + length > this.end) {
      throw new ProtobufError('length-delimited field past the end')
    }
    return length
  }

  /** Reads the next `length` bytes as UTF-8, invalid bytes as U+FFFD. */
  text (length: number): string {
    // Buffer's decoder replaces invalid bytes exactly as TextDecoder does,
    // and reads a range of the buffer without making a view of it first.
    const text = this.bytes.toString('utf8', this.at, this.at + length)
    this.at += length
    return text
  }

  /**
   * Passes over the next `length` bytes, which the caller reads in the
   * buffer itself; returns where they start.
   */
  bytesAt (length: number): number {
    const start = this.at
    this.at += length
    return start
  }

  /**
   * Narrows the reader to the length-delimited field at hand, an embedded
   * message, until `leave()` is given what this returns.
   */
  enter (): number {
    const length = this.length()
    const outerEnd = this.end
    this.end = this.at + length
    return outerEnd
  }

  /** Widens the reader back after the embedded message `enter()` began. */
  leave (outerEnd: number): void {
    this.at = this.end
    this.end = outerEnd
  }

  /** Skips the current field, which this reader has no use for. */
  skip (): void {
    switch (this.wireType) {
      case WIRE_VARINT: this.longVarint(); return
      case WIRE_FIXED64: this.advance(8); return
      case WIRE_LENGTH_DELIMITED: this.advance(this.length()); return
      case WIRE_FIXED32: this.advance(4); return
      default:
        throw new ProtobufError(`unsupported wire type ${this.wireType}`)
    }
  }

  private longVarint (): bigint {
    let value = 0n
    for (let i = 0; i < 10; i++) {
      const byte = this.nextByte()
      value |= BigInt(byte & 0x7f) << BigInt(7 * i)
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, value)
    }
    throw new ProtobufError('varint longer than 10 bytes')
  }

  private nextByte (): number {
    if (this.at >= this.end) throw new ProtobufError('truncated varint')
    return this.bytes[this.at++] as number
  }

  private advance (count: number): void {
    if (this.at + count > this.end) {
      throw new ProtobufError('fixed-size field past the end')
    }
    this.at += count
  }
}
