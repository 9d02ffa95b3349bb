import { schemeOf, type SecretBox } from './secret-box';

/**
 * Encrypts with the primary box and decrypts with whichever box wrote the
 * ciphertext. The desktop app uses it to read secrets saved in headless mode
 * (it can read the key file; headless mode cannot reach the OS keychain).
 */
export class CompositeSecretBox implements SecretBox {
  readonly scheme: string;

  constructor(
    private readonly primary: SecretBox,
    private readonly others: readonly SecretBox[],
  ) {
    this.scheme = primary.scheme;
  }

  encrypt(plain: string): string {
    return this.primary.encrypt(plain);
  }

  decrypt(cipher: string): string | undefined {
    const scheme = schemeOf(cipher);
    const box = [this.primary, ...this.others].find((b) => b.scheme === scheme);
    return box?.decrypt(cipher);
  }
}
