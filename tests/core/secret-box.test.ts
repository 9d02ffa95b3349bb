/**
 * FileKeySecretBox: AES-256-GCM under a random key in `<dataDir>/secret.key`.
 * The key file is private to the user (0600) and reused across restarts;
 * ciphertexts carry their scheme, and anything this box did not write — another
 * scheme, another key, a tampered text — decrypts to undefined, never throws.
 */
import { readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { schemeOf } from '../../src-main/core/secrets/secret-box';
import { makeTempDir } from '../helpers/temp-dir';

const posix = process.platform !== 'win32';

describe('FileKeySecretBox', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let other: Awaited<ReturnType<typeof makeTempDir>>;

  beforeEach(async () => {
    temp = await makeTempDir('jcs-secret');
    other = await makeTempDir('jcs-secret-other');
  });

  afterEach(async () => {
    await temp.remove();
    await other.remove();
  });

  it('round-trips secrets, tagged with its scheme and never containing the plaintext', () => {
    const box = new FileKeySecretBox(temp.path);
    for (const secret of ['s3cr3t-value-1234567890', '', 'ünïcødé 密钥 🔑', 'x'.repeat(512)]) {
      const cipher = box.encrypt(secret);
      expect(schemeOf(cipher)).toBe('fk1');
      expect(box.scheme).toBe('fk1');
      if (secret.length > 3) expect(cipher).not.toContain(secret);
      expect(box.decrypt(cipher)).toBe(secret);
    }
  });

  it('uses a fresh IV for every encryption', () => {
    const box = new FileKeySecretBox(temp.path);
    const a = box.encrypt('same secret');
    const b = box.encrypt('same secret');
    expect(a).not.toBe(b);
    expect(box.decrypt(a)).toBe('same secret');
    expect(box.decrypt(b)).toBe('same secret');
  });

  it.runIf(posix)('creates a 32-byte key file readable only by the user (mode 0600)', () => {
    new FileKeySecretBox(temp.path);
    const keyFile = join(temp.path, 'secret.key');
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(readFileSync(keyFile)).toHaveLength(32);
  });

  it.runIf(posix)('tightens a key file that others can read back to 0600', () => {
    const cipher = new FileKeySecretBox(temp.path).encrypt('kept');
    const keyFile = join(temp.path, 'secret.key');
    chmodSync(keyFile, 0o644);
    const reopened = new FileKeySecretBox(temp.path);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(reopened.decrypt(cipher)).toBe('kept');
  });

  it('reuses the key across instances (a restart), so saved secrets stay readable', () => {
    const cipher = new FileKeySecretBox(temp.path).encrypt('survives restarts');
    const key = readFileSync(join(temp.path, 'secret.key'));
    const again = new FileKeySecretBox(temp.path);
    expect(again.decrypt(cipher)).toBe('survives restarts');
    expect(readFileSync(join(temp.path, 'secret.key')).equals(key)).toBe(true);
  });

  it('answers undefined for ciphertexts it cannot read: another key, another scheme, tampering, garbage', () => {
    const box = new FileKeySecretBox(temp.path);
    const foreign = new FileKeySecretBox(other.path).encrypt('from another data folder');
    expect(box.decrypt(foreign)).toBeUndefined();

    const cipher = box.encrypt('original');
    expect(box.decrypt('ss1:' + cipher.slice('fk1:'.length))).toBeUndefined(); // e.g. written by safeStorage
    expect(box.decrypt('ss1:anything')).toBeUndefined();

    const raw = Buffer.from(cipher.slice(4), 'base64');
    raw[raw.length - 1] = raw[raw.length - 1]! ^ 0x01;
    expect(box.decrypt('fk1:' + raw.toString('base64'))).toBeUndefined();

    expect(box.decrypt('fk1:')).toBeUndefined();
    expect(box.decrypt('fk1:%%%not base64%%%')).toBeUndefined();
    expect(box.decrypt('no scheme at all')).toBeUndefined();
    expect(box.decrypt('')).toBeUndefined();
  });

  it('refuses a key file of the wrong size instead of silently replacing it', () => {
    writeFileSync(join(temp.path, 'secret.key'), Buffer.alloc(16));
    expect(() => new FileKeySecretBox(temp.path)).toThrow(/not a 32-byte key/);
    expect(readFileSync(join(temp.path, 'secret.key'))).toHaveLength(16);
  });
});

describe('schemeOf', () => {
  it('is the text before the first colon, or empty', () => {
    expect(schemeOf('fk1:abc:def')).toBe('fk1');
    expect(schemeOf('ss1:')).toBe('ss1');
    expect(schemeOf('plain')).toBe('');
  });
});
