/**
 * `version` and `id`. The node is not Kubo and says so: `Version` is this
 * program's version and `AgentVersion` names it, so a client that checks for
 * Kubo features does not mistake it for one. It has no network, so `id`
 * lists no addresses.
 */
import { arch, platform } from 'node:os';
import type { KuboCommand } from './kubo-command';
import { peerIdentity } from './peer-identity';

/** This node's version (the app's). */
export const NODE_VERSION = '0.1.0';
const AGENT = `jcs-desktop-storage-node/${NODE_VERSION}`;

export const versionCommand: KuboCommand = {
  path: 'version',
  body: 'none',
  handle() {
    return { Version: NODE_VERSION, Commit: '', Repo: 'jcs-storage-node', System: `${arch()}/${platform()}`, Golang: 'none (Node.js)' };
  },
};

export const idCommand: KuboCommand = {
  path: 'id',
  body: 'none',
  handle({ ipfs }) {
    const identity = peerIdentity(ipfs.catalog);
    return { ID: identity.id, PublicKey: identity.publicKey, Addresses: [], AgentVersion: AGENT, Protocols: [] };
  },
};
