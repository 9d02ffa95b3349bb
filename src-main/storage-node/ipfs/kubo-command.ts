/** What a Kubo-RPC command handler works with. */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { NodeServices } from '../http/route';
import type { IpfsCatalog } from './ipfs-catalog';
import type { KuboQuery } from './kubo-query';

export interface IpfsServices {
  node: NodeServices;
  catalog: IpfsCatalog;
  log: (message: string, error?: unknown) => void;
}

export interface KuboContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: KuboQuery;
  ipfs: IpfsServices;
}

export interface KuboCommand {
  /** After `/api/v0/`, e.g. `pin/add`. */
  path: string;
  /** `multipart`: the handler streams a multipart/form-data body; `none`: the command takes no body. */
  body: 'none' | 'multipart';
  /** Returns the JSON answer, or RESPONDED when it wrote the response itself. */
  handle(ctx: KuboContext): unknown;
}
