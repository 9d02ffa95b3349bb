/**
 * A Crust account from its recovery phrase (sr25519, SS58 prefix 66, as
 * Crust's apps make them) and the W3Auth token it signs for Crust's gateways
 * and pinning service: base64("sub-<address>:0x<signature of the address>").
 * No chain connection is needed for any of it.
 */
import { Keyring } from '@polkadot/keyring';
import { u8aToHex } from '@polkadot/util';
import { cryptoWaitReady, mnemonicGenerate, mnemonicValidate } from '@polkadot/util-crypto';

const CRUST_SS58_PREFIX = 66;

async function keyPair(mnemonic: string) {
  await cryptoWaitReady();
  return new Keyring({ type: 'sr25519', ss58Format: CRUST_SS58_PREFIX }).addFromMnemonic(mnemonic);
}

export function createMnemonic(): string {
  return mnemonicGenerate(12);
}

/** null when the phrase is a valid BIP-39 recovery phrase; otherwise why not. */
export async function mnemonicProblem(mnemonic: string): Promise<string | null> {
  await cryptoWaitReady();
  const words = mnemonic.trim().split(/\s+/).filter(Boolean);
  if (![12, 15, 18, 21, 24].includes(words.length)) return `a recovery phrase has 12, 15, 18, 21 or 24 words; this one has ${words.length}`;
  if (!mnemonicValidate(words.join(' '))) return 'the words are not a valid recovery phrase (a word is not in the BIP-39 English list, or the checksum does not match)';
  return null;
}

export async function crustAddress(mnemonic: string): Promise<string> {
  return (await keyPair(mnemonic)).address;
}

export async function w3AuthToken(mnemonic: string): Promise<string> {
  const pair = await keyPair(mnemonic);
  const signature = u8aToHex(pair.sign(pair.address));
  return Buffer.from(`sub-${pair.address}:${signature}`).toString('base64');
}
