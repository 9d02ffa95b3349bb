/**
 * The flags of `add`. This node makes only the DAGs of Kubo's classic
 * defaults (CIDv0, dag-pb leaves, 262,144-byte chunks, balanced layout,
 * sha2-256), so a flag asking for anything else is refused with the reason
 * instead of answering with a CID the caller did not ask for.
 */
import { kuboBadRequest } from './kubo-error';
import type { KuboQuery } from './kubo-query';

export interface AddOptions {
  progress: boolean;
  pin: boolean;
  wrapWithDirectory: boolean;
  onlyHash: boolean;
}

const CLASSIC = 'this node makes CIDv0 with dag-pb leaves, 262,144-byte chunks and sha2-256 only (Kubo\'s classic `ipfs add` defaults)';

export function parseAddOptions(query: KuboQuery): AddOptions {
  requireValue(query, 'cid-version', ['0']);
  requireValue(query, 'chunker', ['size-262144']);
  requireValue(query, 'hash', ['sha2-256']);
  for (const flag of ['raw-leaves', 'trickle', 'inline', 'nocopy']) {
    if (query.boolean(flag, false)) throw kuboBadRequest(`${flag}=true is not supported: ${CLASSIC}`);
  }
  if (query.string('to-files') !== undefined) throw kuboBadRequest('to-files is not supported: this node has no MFS');
  return {
    progress: query.boolean('progress', false),
    pin: query.boolean('pin', true),
    wrapWithDirectory: query.boolean('wrap-with-directory', false),
    onlyHash: query.boolean('only-hash', false),
  };
}

function requireValue(query: KuboQuery, flag: string, allowed: readonly string[]): void {
  const value = query.string(flag);
  if (value === undefined || allowed.includes(value)) return;
  throw kuboBadRequest(`${flag}=${value} is not supported (only ${allowed.join(', ')}): ${CLASSIC}`);
}
