/**
 * AES-256-GCM with a random key kept in `<dataDir>/secret.key` (mode 0600,
 * created once). Used where the OS keychain is not available: headless mode.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, openSync, readFileSync, writeSync, closeSync, fsyncSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { schemeOf, type SecretBox } from './secret-box';

const SCHEME = 'fk1';

export class FileKeySecretBox implements SecretBox {
  readonly scheme = SCHEME;
  private readonly key: Buffer;

  constructor(dataDir: string) {
    this.key = loadOrCreateKey(join(dataDir, 'secret.key'));
  }

  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return `${SCHEME}:${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64')}`;
  }

  decrypt(text: string): string | undefined {
    if (schemeOf(text) !== SCHEME) return undefined;
    try {
      const raw = Buffer.from(text.slice(SCHEME.length + 1), 'base64');
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
    } catch {
      return undefined;
    }
  }
}

function loadOrCreateKey(path: string): Buffer {
  try {
    const key = readFileSync(path);
    if (key.length !== 32) throw new Error(`${path} is not a 32-byte key; move it away to start with a new one (saved secrets will need to be entered again)`);
    if (process.platform !== 'win32' && (statSync(path).mode & 0o077) !== 0) chmodSync(path, 0o600);
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = randomBytes(32);
  const fd = openSync(path, 'wx', 0o600);
  try {
    writeSync(fd, key);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return key;
}
