/**
 * Encrypts secrets (connection secret keys) before they are stored. The
 * desktop app uses Electron's safeStorage (the OS keychain); headless mode uses
 * a key file only the user can read. Ciphertexts carry their scheme, so a box
 * can tell "not mine" (stored by the other mode) from "corrupt".
 */
export interface SecretBox {
  /** The scheme tag this box writes, e.g. `fk1` or `ss1`. */
  readonly scheme: string;
  encrypt(plain: string): string;
  /** Returns undefined when the ciphertext was written by another scheme or cannot be decrypted. */
  decrypt(cipher: string): string | undefined;
}

export function schemeOf(cipher: string): string {
  const colon = cipher.indexOf(':');
  return colon < 0 ? '' : cipher.slice(0, colon);
}
