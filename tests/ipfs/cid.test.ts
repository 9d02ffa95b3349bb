/** CIDv0 text: base58btc round trips and clear refusals of anything that is not a CIDv0. */
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base58btcDecode, base58btcEncode, cidV0FromDigest, cidV0OfBlock, isCidV0, parseCid } from '../../src-main/common/ipfs/cid';

describe('base58btc', () => {
  it('encodes known values (leading zero bytes become "1")', () => {
    // The "Hello World!" example of the base58 draft (draft-msporny-base58).
    expect(base58btcEncode(Buffer.from('Hello World!'))).toBe('2NEpo7TZRRrLZSi2U');
    expect(base58btcEncode(Uint8Array.from([0, 0, 0x28, 0x7f, 0xb4, 0xcd]))).toBe('11233QC4');
    expect(base58btcEncode(new Uint8Array(0))).toBe('');
  });

  it('round-trips random bytes, including leading zeros', () => {
    for (let i = 0; i < 200; i++) {
      const bytes = Buffer.concat([Buffer.alloc(i % 3), randomBytes(1 + (i % 40))]);
      expect(Buffer.from(base58btcDecode(base58btcEncode(bytes)))).toEqual(bytes);
    }
  });

  it('names the bad character', () => {
    expect(() => base58btcDecode('Qm0abc')).toThrow(/"0" at position 2/);
  });
});

describe('CIDv0', () => {
  const emptyFileCid = 'QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQH';

  it('is the base58btc of 0x12 0x20 ++ sha256(block)', () => {
    const block = Uint8Array.from([0x0a, 0x04, 0x08, 0x02, 0x18, 0x00]); // the empty file's block
    expect(cidV0OfBlock(block)).toBe(emptyFileCid);
    expect(cidV0FromDigest(createHash('sha256').update(block).digest())).toBe(emptyFileCid);
    const parsed = parseCid(emptyFileCid);
    expect(parsed.version).toBe(0);
    expect(Buffer.from(parsed.digest)).toEqual(createHash('sha256').update(block).digest());
    expect(Array.from(parsed.multihash.subarray(0, 2))).toEqual([0x12, 0x20]);
  });

  it('refuses anything that is not a CIDv0, saying why', () => {
    expect(() => parseCid('')).toThrow(/required/);
    expect(() => parseCid('bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi')).toThrow(/only CIDv0/);
    expect(() => parseCid('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ')).toThrow(/46 base58btc characters/);
    expect(() => parseCid('QmbFMke1KXqnYyBBWxB74N4c5SBnJMVAiMNRcGu6x1AwQ0')).toThrow(/not a base58btc character/);
    // 46 valid characters starting with Qm that decode to the wrong multihash prefix
    expect(() => parseCid('QmzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzZ')).toThrow(/sha2-256 multihash/);
    expect(() => cidV0FromDigest(new Uint8Array(31))).toThrow(/32 bytes/);
  });

  it('isCidV0', () => {
    expect(isCidV0(emptyFileCid)).toBe(true);
    expect(isCidV0(`${emptyFileCid} `)).toBe(false);
    expect(isCidV0('not a cid')).toBe(false);
  });
});
