/**
 * The storage key of `market.filesV2(cid)`: twox128("Market") ++
 * twox128("FilesV2") ++ twox64(k) ++ k, where k is the SCALE Vec<u8> of the
 * CID's text (the map's hasher is Twox64Concat).
 */
import { u8aConcat, u8aToHex } from '@polkadot/util';
import { xxhashAsU8a } from '@polkadot/util-crypto';

export function filesV2StorageKey(cid: string): string {
  const text = new TextEncoder().encode(cid);
  const key = u8aConcat(compactLength(text.length), text);
  return u8aToHex(u8aConcat(xxhashAsU8a('Market', 128), xxhashAsU8a('FilesV2', 128), xxhashAsU8a(key, 64), key));
}

function compactLength(length: number): Uint8Array {
  if (length < 64) return new Uint8Array([length << 2]);
  if (length < 1 << 14) return new Uint8Array([((length << 2) | 1) & 0xff, (length << 2) >> 8]);
  const value = (length << 2) | 2;
  return new Uint8Array([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, (value >>> 24) & 0xff]);
}
