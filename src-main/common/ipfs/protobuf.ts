/**
 * The few protobuf wire pieces dag-pb and UnixFS need: unsigned varints and
 * length-delimited fields. Sizes here stay far below 2^53, so plain numbers are exact.
 */

/** Wire types: 0 = varint, 2 = length-delimited. */
export function fieldKey(field: number, wireType: 0 | 2): number {
  return (field << 3) | wireType;
}

export function varintLength(value: number): number {
  let length = 1;
  while (value >= 0x80) {
    value = Math.floor(value / 128);
    length++;
  }
  return length;
}

/** Writes `value` as an unsigned varint at `offset`; returns the offset after it. */
export function writeVarint(target: Uint8Array, offset: number, value: number): number {
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`cannot encode ${value} as an unsigned varint`);
  while (value >= 0x80) {
    target[offset++] = (value % 128) | 0x80;
    value = Math.floor(value / 128);
  }
  target[offset++] = value;
  return offset;
}

/** A protobuf message built from parts, written once into one exact-size buffer. */
export class ProtoWriter {
  private readonly parts: Array<number | Uint8Array> = [];
  private length = 0;

  varintField(field: number, value: number): this {
    return this.varint(fieldKey(field, 0)).varint(value);
  }

  bytesField(field: number, bytes: Uint8Array): this {
    this.varint(fieldKey(field, 2)).varint(bytes.length);
    this.parts.push(bytes);
    this.length += bytes.length;
    return this;
  }

  finish(): Uint8Array {
    const out = new Uint8Array(this.length);
    let offset = 0;
    for (const part of this.parts) {
      if (typeof part === 'number') offset = writeVarint(out, offset, part);
      else {
        out.set(part, offset);
        offset += part.length;
      }
    }
    return out;
  }

  private varint(value: number): this {
    this.parts.push(value);
    this.length += varintLength(value);
    return this;
  }
}
