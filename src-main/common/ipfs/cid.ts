/**
 * CIDv0 text: the base58btc form of a sha2-256 multihash (`Qm…`), which is
 * what `ipfs add` prints with cid-version=0. Other CID forms are refused
 * rather than guessed at, because everything we compute and compare is v0.
 */
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const DIGITS = new Map([...ALPHABET].map((c, i) => [c, i]));
/** multihash code 0x12 (sha2-256) and digest length 0x20: every CIDv0 starts with these two bytes. */
const SHA256_PREFIX = [0x12, 0x20] as const;
export const CID_V0_BYTES = 34;

export function base58btcEncode(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  // Big-endian base-256 → base-58 by repeated division; inputs here are 34 bytes, so quadratic is fine.
  const digits: number[] = [];
  for (let i = zeros; i < bytes.length; i++) {
    let carry = bytes[i]!;
    for (let j = 0; j < digits.length; j++) {
      carry += digits[j]! * 256;
      digits[j] = carry % 58;
      carry = Math.floor(carry / 58);
    }
    while (carry > 0) {
      digits.push(carry % 58);
      carry = Math.floor(carry / 58);
    }
  }
  return '1'.repeat(zeros) + digits.reverse().map((d) => ALPHABET[d]).join('');
}

export function base58btcDecode(text: string): Uint8Array {
  let zeros = 0;
  while (zeros < text.length && text[zeros] === '1') zeros++;
  const bytes: number[] = [];
  for (let i = zeros; i < text.length; i++) {
    const value = DIGITS.get(text[i]!);
    if (value === undefined) throw new Error(`"${text[i]}" at position ${i} is not a base58btc character`);
    let carry = value;
    for (let j = 0; j < bytes.length; j++) {
      carry += bytes[j]! * 58;
      bytes[j] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      bytes.push(carry & 0xff);
      carry >>= 8;
    }
  }
  return Uint8Array.from([...new Array<number>(zeros).fill(0), ...bytes.reverse()]);
}

/** The CIDv0 of a block whose sha256 digest is `digest`. */
export function cidV0FromDigest(digest: Uint8Array): string {
  if (digest.length !== 32) throw new Error(`a sha2-256 digest has 32 bytes, not ${digest.length}`);
  return base58btcEncode(cidV0Bytes(digest));
}

/** The binary CIDv0 (the multihash) of a block whose sha256 digest is `digest`: what a dag-pb link holds. */
export function cidV0Bytes(digest: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(CID_V0_BYTES);
  bytes.set(SHA256_PREFIX, 0);
  bytes.set(digest, 2);
  return bytes;
}

/** The CIDv0 of one encoded block. */
export function cidV0OfBlock(block: Uint8Array): string {
  return cidV0FromDigest(createHash('sha256').update(block).digest());
}

export interface ParsedCidV0 {
  version: 0;
  /** the 34-byte sha2-256 multihash, which is also the binary CIDv0 */
  multihash: Uint8Array;
  /** the 32-byte sha256 of the block */
  digest: Uint8Array;
}

/** Parses a CIDv0 (`Qm…`, 46 characters); anything else throws an Error saying what is wrong. */
export function parseCid(text: string): ParsedCidV0 {
  if (typeof text !== 'string' || text.length === 0) throw new Error('a CID is required');
  if (text.length !== 46 || !text.startsWith('Qm')) {
    if (/^b[a-z2-7]+$/.test(text) || /^[zfFBuUmM]/.test(text)) throw new Error(`"${abbreviate(text)}" is not a CIDv0 (only CIDv0 "Qm…" CIDs are supported)`);
    throw new Error(`"${abbreviate(text)}" is not a CIDv0: it must be 46 base58btc characters starting with "Qm"`);
  }
  const multihash = base58btcDecode(text);
  if (multihash.length !== CID_V0_BYTES || multihash[0] !== SHA256_PREFIX[0] || multihash[1] !== SHA256_PREFIX[1]) {
    throw new Error(`"${abbreviate(text)}" is not a CIDv0: it does not decode to a sha2-256 multihash`);
  }
  return { version: 0, multihash, digest: multihash.subarray(2) };
}

export function isCidV0(text: string): boolean {
  try {
    parseCid(text);
    return true;
  } catch {
    return false;
  }
}

function abbreviate(text: string): string {
  return text.length > 64 ? `${text.slice(0, 60)}…` : text;
}
