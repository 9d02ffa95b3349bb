/**
 * CIDv0: the base58btc text of a sha2-256 multihash (0x12 0x20 + 32 bytes),
 * the form `ipfs add` prints with its classic defaults ("Qm…").
 */
import { createHash } from 'node:crypto';

const ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const SHA2_256 = 0x12;
const DIGEST_LENGTH = 32;

/** The 34-byte multihash of a block. */
export function blockMultihash(block: Uint8Array): Uint8Array {
  return multihashOf(createHash('sha256').update(block).digest());
}

export function multihashOf(digest: Uint8Array): Uint8Array {
  const out = new Uint8Array(2 + DIGEST_LENGTH);
  out[0] = SHA2_256;
  out[1] = DIGEST_LENGTH;
  out.set(digest, 2);
  return out;
}

export function cidV0(multihash: Uint8Array): string {
  return base58btc(multihash);
}

export function isCidV0(text: string): boolean {
  return /^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(text) && decodesAsMultihash(text);
}

/** The multihash inside a CIDv0; anything else is refused with the reason. */
export function parseCidV0(text: string): Uint8Array {
  if (!/^Qm[1-9A-HJ-NP-Za-km-z]{44}$/.test(text)) throw new Error(`not a CIDv0 (46 base58 characters starting "Qm"): ${JSON.stringify(text.slice(0, 80))}`);
  const bytes = base58Decode(text);
  if (bytes.length !== 34 || bytes[0] !== SHA2_256 || bytes[1] !== DIGEST_LENGTH) throw new Error(`not a sha2-256 CIDv0: ${text}`);
  return bytes;
}

function decodesAsMultihash(text: string): boolean {
  try {
    parseCidV0(text);
    return true;
  } catch {
    return false;
  }
}

function base58btc(bytes: Uint8Array): string {
  let zeros = 0;
  while (zeros < bytes.length && bytes[zeros] === 0) zeros++;
  let value = 0n;
  for (const byte of bytes) value = value * 256n + BigInt(byte);
  let text = '';
  while (value > 0n) {
    text = ALPHABET[Number(value % 58n)]! + text;
    value /= 58n;
  }
  return '1'.repeat(zeros) + text;
}

function base58Decode(text: string): Uint8Array {
  let value = 0n;
  for (const char of text) {
    const digit = ALPHABET.indexOf(char);
    if (digit < 0) throw new Error(`not base58: ${JSON.stringify(char)}`);
    value = value * 58n + BigInt(digit);
  }
  const bytes: number[] = [];
  while (value > 0n) {
    bytes.unshift(Number(value % 256n));
    value /= 256n;
  }
  let zeros = 0;
  while (text[zeros] === '1') zeros++;
  return new Uint8Array([...new Array<number>(zeros).fill(0), ...bytes]);
}
