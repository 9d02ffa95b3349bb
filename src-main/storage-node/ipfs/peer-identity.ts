/**
 * The node's libp2p identity for `id`: an Ed25519 key made once per data
 * folder and kept in the metadata (so the ID survives restarts). The peer ID
 * is the identity multihash of the protobuf-encoded public key, in base58btc
 * (`12D3KooW…`), as libp2p derives it for Ed25519 keys.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync } from 'node:crypto';
import { base58btcEncode } from '../../common/ipfs/cid';
import type { IpfsCatalog } from './ipfs-catalog';

export interface PeerIdentity {
  id: string;
  /** base64 of the protobuf PublicKey message, as Kubo prints it. */
  publicKey: string;
}

/** libp2p's crypto.pb PublicKey { Type: Ed25519 (1), Data: 32 bytes }. */
const ED25519_PUBLIC_KEY_PREFIX = Buffer.from([0x08, 0x01, 0x12, 0x20]);
/** multihash `identity` (0x00) of a 36-byte input. */
const IDENTITY_MULTIHASH_PREFIX = Buffer.from([0x00, 0x24]);

export function peerIdentity(catalog: IpfsCatalog): PeerIdentity {
  const der = catalog.identityKey(() => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }));
  const spki = createPublicKey(createPrivateKey({ key: der, type: 'pkcs8', format: 'der' })).export({ type: 'spki', format: 'der' });
  const protobuf = Buffer.concat([ED25519_PUBLIC_KEY_PREFIX, spki.subarray(spki.length - 32)]);
  return { id: base58btcEncode(Buffer.concat([IDENTITY_MULTIHASH_PREFIX, protobuf])), publicKey: protobuf.toString('base64') };
}
