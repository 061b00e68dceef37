// A minimal protobuf wire-format reader: enough to walk Loki's push
// messages field by field and skip what it does not know, as any protobuf
// parser must for forward compatibility.

/** Wire types of the protobuf encoding. */
export const WIRE_VARINT = 0
export const WIRE_FIXED64 = 1
export const WIRE_LENGTH_DELIMITED = 2
export const WIRE_FIXED32 = 5

/** Thrown on bytes that are not a well-formed protobuf message. */
export class ProtobufError extends Error {
  constructor (message: string) {
    super(`protobuf: ${message}`)
    this.name = 'ProtobufError'
  }
}

/** One field key: its number and how its value is encoded. */
export interface FieldKey {
  readonly field: number
  readonly wireType: number
}

/** Reads the fields of one message, front to back. */
export class ProtobufReader {
  private at = 0

  constructor (private readonly bytes: Uint8Array) {}

  /** True while fields remain. */
  hasMore (): boolean {
    return this.at < this.bytes.length
  }

  /** Reads the next field key. */
  key (): FieldKey {
    const key = this.smallVarint()
    const field = Math.floor(key / 8)
    if (field === 0) throw new ProtobufError('field number 0')
    return { field, wireType: key % 8 }
  }

  /**
   * Reads a varint that must fit a safe integer (keys, lengths): the hot
   * path, kept free of BigInt.
   */
  smallVarint (): number {
    let value = 0
    for (let shift = 0; shift < 53; shift += 7) {
      const byte = this.bytes[this.at++]
      if (byte === undefined) throw new ProtobufError('truncated varint')
      value += (byte & 0x7f) * 2 ** shift
      if ((byte & 0x80) === 0) return value
    }
    throw new ProtobufError('varint too large for a length or key')
  }

  /** Reads a varint as an unsigned 64-bit value. */
  varint (): bigint {
    let value = 0n
    for (let i = 0; i < 10; i++) {
      const byte = this.bytes[this.at++]
      if (byte === undefined) throw new ProtobufError('truncated varint')
      value |= BigInt(byte & 0x7f) << BigInt(7 * i)
      if ((byte & 0x80) === 0) return BigInt.asUintN(64, value)
    }
    throw new ProtobufError('varint longer than 10 bytes')
  }

  /** Reads the bytes of a length-delimited field (a view, not a copy). */
  lengthDelimited (): Uint8Array {
    const length = this.smallVarint()
    const end = this.at + length
    if (end > this.bytes.length) {
      throw new ProtobufError('length-delimited field past the end')
    }
    const value = this.bytes.subarray(this.at, end)
    this.at = end
    return value
  }

  /** Skips a field this reader has no use for. */
  skip (wireType: number): void {
    switch (wireType) {
      case WIRE_VARINT: this.varint(); return
      case WIRE_FIXED64: this.advance(8); return
      case WIRE_LENGTH_DELIMITED: this.lengthDelimited(); return
      case WIRE_FIXED32: this.advance(4); return
      default: throw new ProtobufError(`unsupported wire type ${wireType}`)
    }
  }

  private advance (count: number): void {
    if (this.at + count > this.bytes.length) {
      throw new ProtobufError('fixed-size field past the end')
    }
    this.at += count
  }
}

/** Fails unless a known field arrived with the wire type it must have. */
export function expectWireType (key: FieldKey, wireType: number): void {
  if (key.wireType !== wireType) {
    throw new ProtobufError(
      `field ${key.field} has wire type ${key.wireType}, want ${wireType}`
    )
  }
}
