import type { IncomingMessage, ServerResponse } from 'node:http';
import type { QueryParams } from './request-input';
import type { SpaceServices } from '../spaces/space-services';
import type { CoreNodeServices } from '../node-services';

export type { CoreNodeServices } from '../node-services';

/** What route handlers work with: the node's stores, a clock tests can set, and the user-space layer over them. */
export interface NodeServices extends CoreNodeServices {
  /** User spaces, their import/export jobs and space sync tasks. */
  spaces: SpaceServices;
}

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  query: QueryParams;
  /** The request body for `json` routes (already read, for the signature check). */
  body: Buffer;
  node: NodeServices;
}

/** Returned by handlers that wrote the response themselves (downloads, streamed listings). */
export const RESPONDED = Symbol('responded');

export interface Route {
  method: 'GET' | 'POST';
  /** Path after `/v1`, e.g. `/object/upload`. */
  path: string;
  /** `json`: the body is read before the handler; `stream`: the handler reads it. */
  body: 'none' | 'json' | 'stream';
  /** Returns the envelope's `data`, or RESPONDED. */
  handle: (ctx: RouteContext) => unknown;
}
