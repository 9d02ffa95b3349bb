/** Crust accounts and W3Auth tokens, checked with @polkadot's own signature verification. */
import { signatureVerify, mnemonicGenerate } from '@polkadot/util-crypto';
import { Keyring } from '@polkadot/keyring';
import { describe, expect, it } from 'vitest';
import { createMnemonic, crustAddress, mnemonicProblem, w3AuthToken } from '../../src-main/core/publish/crust/crust-account';

describe('Crust accounts', () => {
  it('make a valid 12-word phrase whose address is a Crust (cT…) SS58 address', async () => {
    const mnemonic = createMnemonic();
    expect(mnemonic.split(' ')).toHaveLength(12);
    expect(await mnemonicProblem(mnemonic)).toBeNull();
    const address = await crustAddress(mnemonic);
    expect(address).toMatch(/^cT/);
    expect(address).toBe(new Keyring({ type: 'sr25519', ss58Format: 66 }).addFromMnemonic(mnemonic).address);
  });

  it('sign W3Auth tokens that verify for the address (never compared as strings: sr25519 signing is randomized)', async () => {
    const mnemonic = mnemonicGenerate(12);
    const address = await crustAddress(mnemonic);
    const token = await w3AuthToken(mnemonic);
    const [prefix, signature] = Buffer.from(token, 'base64').toString('utf8').split(':');
    expect(prefix).toBe(`sub-${address}`);
    expect(signature).toMatch(/^0x[0-9a-f]{128}$/);
    expect(signatureVerify(address, signature!, address).isValid).toBe(true);
    const other = await crustAddress(mnemonicGenerate(12));
    expect(signatureVerify(address, signature!, other).isValid).toBe(false);
  });

  it('refuse phrases that are not valid, saying why', async () => {
    expect(await mnemonicProblem('one two three')).toMatch(/12, 15, 18, 21 or 24 words; this one has 3/);
    expect(await mnemonicProblem(`${'abandon '.repeat(11)}about`)).toBeNull(); // the BIP-39 test vector
    expect(await mnemonicProblem('abandon '.repeat(12))).toMatch(/checksum/);
    expect(await mnemonicProblem('zzzz '.repeat(12))).toMatch(/not a valid recovery phrase/);
  });
});
