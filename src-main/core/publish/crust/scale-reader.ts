/**
 * Reads SCALE-encoded bytes (Substrate's codec) defensively: every read is
 * bounds-checked, compact integers are checked for their canonical form, and
 * a length is checked against the bytes left before anything is allocated,
 * so hostile data costs an error, never memory.
 */

export class ChainDataError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChainDataError';
  }
}

export class ScaleReader {
  private offset = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.offset;
  }

  u8(what: string): number {
    this.need(1, what);
    return this.bytes[this.offset++]!;
  }

  u32(what: string): number {
    this.need(4, what);
    const view = new DataView(this.bytes.buffer, this.bytes.byteOffset + this.offset, 4);
    this.offset += 4;
    return view.getUint32(0, true);
  }

  /** A u64 that must fit a JavaScript number exactly (file sizes, storage power). */
  u64Safe(what: string): number {
    const value = this.uint(8, what);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new ChainDataError(`${what} is ${value}, too large to be a byte count`);
    return Number(value);
  }

  uint(bytes: number, what: string): bigint {
    this.need(bytes, what);
    let value = 0n;
    for (let i = bytes - 1; i >= 0; i--) value = (value << 8n) | BigInt(this.bytes[this.offset + i]!);
    this.offset += bytes;
    return value;
  }

  /** A compact (variable-length) unsigned integer, in its canonical (shortest) form. */
  compact(what: string): bigint {
    const first = this.u8(what);
    const mode = first & 0b11;
    if (mode === 0) return BigInt(first >> 2);
    if (mode === 1) {
      const value = BigInt((first | (this.u8(what) << 8)) >> 2);
      if (value < 64n) throw new ChainDataError(`${what}: a compact integer not in its shortest form`);
      return value;
    }
    if (mode === 2) {
      this.offset--;
      const value = this.uint(4, what) >> 2n;
      if (value < 1n << 14n) throw new ChainDataError(`${what}: a compact integer not in its shortest form`);
      return value;
    }
    const length = (first >> 2) + 4;
    if (length > 16) throw new ChainDataError(`${what}: a compact integer of ${length} bytes (more than 128 bits)`);
    const value = this.uint(length, what);
    if (value < 1n << 30n || value >> BigInt(8 * (length - 1)) === 0n) throw new ChainDataError(`${what}: a compact integer not in its shortest form`);
    return value;
  }

  /** A count of items each at least `minItemBytes` long: refused when the bytes left cannot hold them. */
  count(what: string, minItemBytes: number): number {
    const value = this.compact(what);
    if (value * BigInt(Math.max(1, minItemBytes)) > BigInt(this.remaining)) throw new ChainDataError(`${what} claims ${value} items, more than the ${this.remaining} bytes left can hold`);
    return Number(value);
  }

  skip(bytes: number, what: string): void {
    this.need(bytes, what);
    this.offset += bytes;
  }

  bool(what: string): boolean {
    const value = this.u8(what);
    if (value > 1) throw new ChainDataError(`${what}: ${value} is not a boolean`);
    return value === 1;
  }

  end(what: string): void {
    if (this.remaining !== 0) throw new ChainDataError(`${what}: ${this.remaining} bytes left over`);
  }

  private need(bytes: number, what: string): void {
    if (this.remaining < bytes) throw new ChainDataError(`${what}: the data ends early (${bytes} bytes needed, ${this.remaining} left)`);
  }
}
