declare module 'snappyjs' {
  /** Compresses to the snappy block format (not the framed format). */
  export function compress<T extends Uint8Array | ArrayBuffer> (input: T): T
  export function uncompress<T extends Uint8Array | ArrayBuffer> (input: T): T
}
