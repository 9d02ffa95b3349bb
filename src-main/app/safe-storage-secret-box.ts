/**
 * Secrets for the desktop app: Electron's safeStorage (Keychain, DPAPI,
 * libsecret/kwallet). Where Linux has no keyring, safeStorage falls back to a
 * hard-coded key ("basic_text"), which protects nothing; the key file of
 * headless mode (mode 0600) is used instead.
 */
import { safeStorage } from 'electron';
import { CompositeSecretBox } from '../core/secrets/composite-secret-box';
import { FileKeySecretBox } from '../core/secrets/file-key-secret-box';
import { schemeOf, type SecretBox } from '../core/secrets/secret-box';

const SCHEME = 'ss1';

class SafeStorageSecretBox implements SecretBox {
  readonly scheme = SCHEME;

  encrypt(plain: string): string {
    return `${SCHEME}:${safeStorage.encryptString(plain).toString('base64')}`;
  }

  decrypt(cipher: string): string | undefined {
    if (schemeOf(cipher) !== SCHEME) return undefined;
    try {
      return safeStorage.decryptString(Buffer.from(cipher.slice(SCHEME.length + 1), 'base64'));
    } catch {
      return undefined;
    }
  }
}

function keychainIsReal(): boolean {
  if (!safeStorage.isEncryptionAvailable()) return false;
  return process.platform !== 'linux' || safeStorage.getSelectedStorageBackend() !== 'basic_text';
}

/** Must be called after the app is ready. */
export function createDesktopSecretBox(dataDir: string): SecretBox {
  const fileBox = new FileKeySecretBox(dataDir);
  return keychainIsReal() ? new CompositeSecretBox(new SafeStorageSecretBox(), [fileBox]) : fileBox;
}
