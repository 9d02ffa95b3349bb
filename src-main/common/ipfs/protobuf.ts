/**
 * The few protobuf encodings dag-pb and UnixFS need: varints, and fields of
 * type varint (wire type 0) and length-delimited (wire type 2).
 */

export function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 0x80);
    length++;
  }
  return length;
}

/** Writes `value` (a non-negative safe integer) at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  while (value >= 0x80) {
    target[offset++] = (value % 0x80) | 0x80;
    value = Math.floor(value / 0x80);
  }
  target[offset++] = value;
  return offset;
}

/** Collects protobuf fields in order into one buffer. */
export class ProtoWriter {
  private readonly parts: Uint8Array[] = [];
  private size = 0;

  varint(field: number, value: number): this {
    return this.raw(encodeVarint(field * 8), encodeVarint(value));
  }

  bytes(field: number, value: Uint8Array): this {
    return this.raw(encodeVarint(field * 8 + 2), encodeVarint(value.length), value);
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.size);
    let offset = 0;
    for (const part of this.parts) {
      out.set(part, offset);
      offset += part.length;
    }
    return out;
  }

  private raw(...parts: Uint8Array[]): this {
    for (const part of parts) {
      this.parts.push(part);
      this.size += part.length;
    }
    return this;
  }
}

export function encodeVarint(value: number): Uint8Array {
  const out = new Uint8Array(varintLength(value));
  writeVarint(out, 0, value);
  return out;
}
