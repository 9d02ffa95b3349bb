/**
 * The Windows (.ico) and macOS (.icns) icon containers, written from PNGs.
 * Both formats may hold PNG data as is (ICO since Windows Vista, ICNS since
 * OS X 10.7), so no re-encoding: a header, a directory, the PNGs.
 */

export interface SizedPng {
  size: number;
  png: Buffer;
}

/** ICNS entry types that hold PNG data, by pixel size (several types may share a size: @1x and @2x slots). */
export const ICNS_TYPES: ReadonlyArray<{ type: string; size: number }> = [
  { type: 'icp4', size: 16 },
  { type: 'icp5', size: 32 },
  { type: 'icp6', size: 64 },
  { type: 'ic07', size: 128 },
  { type: 'ic08', size: 256 },
  { type: 'ic09', size: 512 },
  { type: 'ic10', size: 1024 },
  { type: 'ic11', size: 32 },
  { type: 'ic12', size: 64 },
  { type: 'ic13', size: 256 },
  { type: 'ic14', size: 512 },
];

/** Sizes an ICO directory entry can state: one byte each way, where 0 means 256. */
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256] as const;

export function encodeIco(images: readonly SizedPng[]): Buffer {
  for (const { size } of images) {
    if (!(ICO_SIZES as readonly number[]).includes(size)) throw new Error(`an ICO entry cannot be ${size}×${size} (sizes: ${ICO_SIZES.join(', ')})`);
  }
  const header = Buffer.alloc(6);
  header.writeUInt16LE(0, 0); // reserved
  header.writeUInt16LE(1, 2); // 1 = icon (2 would be cursor)
  header.writeUInt16LE(images.length, 4);
  const directory = Buffer.alloc(16 * images.length);
  let offset = header.length + directory.length;
  images.forEach(({ size, png }, index) => {
    const at = index * 16;
    directory.writeUInt8(size === 256 ? 0 : size, at);
    directory.writeUInt8(size === 256 ? 0 : size, at + 1);
    directory.writeUInt8(0, at + 2); // no palette
    directory.writeUInt8(0, at + 3); // reserved
    directory.writeUInt16LE(1, at + 4); // colour planes
    directory.writeUInt16LE(32, at + 6); // bits per pixel
    directory.writeUInt32LE(png.length, at + 8);
    directory.writeUInt32LE(offset, at + 12);
    offset += png.length;
  });
  return Buffer.concat([header, directory, ...images.map((image) => image.png)]);
}

/** Builds an ICNS file with every entry type of ICNS_TYPES whose size is among the images. */
export function encodeIcns(images: readonly SizedPng[]): Buffer {
  const bySize = new Map(images.map((image) => [image.size, image.png]));
  const entries = ICNS_TYPES.filter(({ size }) => bySize.has(size)).map(({ type, size }) => {
    const png = bySize.get(size)!;
    const head = Buffer.alloc(8);
    head.write(type, 0, 'latin1');
    head.writeUInt32BE(8 + png.length, 4); // the length counts the entry's own header
    return Buffer.concat([head, png]);
  });
  const header = Buffer.alloc(8);
  header.write('icns', 0, 'latin1');
  header.writeUInt32BE(8 + entries.reduce((sum, entry) => sum + entry.length, 0), 4);
  return Buffer.concat([header, ...entries]);
}

/** Reads an ICO back: each entry's stated size and its image bytes (for checks). */
export function decodeIco(file: Buffer): SizedPng[] {
  if (file.readUInt16LE(0) !== 0 || file.readUInt16LE(2) !== 1) throw new Error('not an ICO file');
  const count = file.readUInt16LE(4);
  return Array.from({ length: count }, (_, index) => {
    const at = 6 + index * 16;
    const width = file.readUInt8(at) || 256;
    const length = file.readUInt32LE(at + 8);
    const offset = file.readUInt32LE(at + 12);
    if (offset + length > file.length) throw new Error(`ICO entry ${index} runs past the end of the file`);
    return { size: width, png: file.subarray(offset, offset + length) };
  });
}

/** Reads an ICNS back: each entry's type and data (for checks). */
export function decodeIcns(file: Buffer): Array<{ type: string; data: Buffer }> {
  if (file.toString('latin1', 0, 4) !== 'icns') throw new Error('not an ICNS file');
  if (file.readUInt32BE(4) !== file.length) throw new Error('the ICNS header states another length than the file has');
  const entries: Array<{ type: string; data: Buffer }> = [];
  for (let at = 8; at < file.length; ) {
    const length = file.readUInt32BE(at + 4);
    if (length < 8 || at + length > file.length) throw new Error(`ICNS entry at ${at} has a bad length`);
    entries.push({ type: file.toString('latin1', at, at + 4), data: file.subarray(at + 8, at + length) });
    at += length;
  }
  return entries;
}
