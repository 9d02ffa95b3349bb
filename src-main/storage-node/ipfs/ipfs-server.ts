/**
 * The Kubo-RPC subset on its own port: a second HTTP server with the node's
 * connection limits, over the same stores as the JCS API.
 */
import type { Server } from 'node:http';
import type { Credentials } from '../../common/sigv4';
import { isLoopbackHost } from '../../common/network';
import type { NodeLimits } from '../http/limits';
import { createLimitedServer } from '../http/limited-server';
import { addCommand } from './add-command';
import { catCommand } from './cat-command';
import { idCommand, versionCommand } from './info-commands';
import type { KuboAuth } from './kubo-auth';
import type { IpfsServices, KuboCommand } from './kubo-command';
import { createKuboDispatcher } from './kubo-dispatch';
import { pinAddCommand, pinLsCommand, pinRmCommand } from './pin-commands';

export const kuboCommands: readonly KuboCommand[] = [addCommand, catCommand, pinAddCommand, pinLsCommand, pinRmCommand, versionCommand, idCommand];

export interface IpfsApiOptions {
  /** Default 0: any free port. */
  port?: number;
  /** Default: the node's host. */
  host?: string;
  /** When set, every call needs `Authorization: Bearer <token>`. */
  bearerToken?: string;
}

/** Bearer token first, then the node's keys; with neither, the node's keyless (loopback) rule. */
export function kuboAuthFor(options: IpfsApiOptions, host: string, credentials: Credentials | undefined): KuboAuth {
  if (options.bearerToken !== undefined) {
    if (options.bearerToken.length < 16) throw new Error('the IPFS API bearer token must be at least 16 characters');
    return { kind: 'bearer', token: options.bearerToken };
  }
  if (credentials) return { kind: 'sigv4', credentials };
  if (!isLoopbackHost(host)) {
    throw new Error(`refusing to serve the IPFS API on ${host} without a bearer token or the node's keys: without either it binds only to loopback addresses`);
  }
  return { kind: 'loopback' };
}

export function createIpfsServer(ipfs: IpfsServices, auth: KuboAuth, limits: NodeLimits): Server {
  const dispatch = createKuboDispatcher({ commands: kuboCommands, ipfs, auth, limits });
  return createLimitedServer(limits, ipfs.log, (req, res) => void dispatch(req, res));
}
