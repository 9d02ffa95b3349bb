import type { IncomingMessage, ServerResponse } from 'node:http';
import type { BlobCollector } from '../blobs/blob-collector';
import type { BlobStore } from '../blobs/blob-store';
import type { RunningUploadHashes } from '../blobs/running-upload-hashes';
import type { DiskReserve } from '../disk-reserve';
import type { Catalog } from '../metadata/catalog';
import type { PathLister } from '../metadata/list-by-path';
import type { QueryParams } from './request-input';
import type { SpaceServices } from '../spaces/space-services';

/** What route handlers work with: the node's stores and a clock tests can set. */
export interface NodeServices {
  catalog: Catalog;
  lister: PathLister;
  store: BlobStore;
  collector: BlobCollector;
  uploadHashes: RunningUploadHashes;
  /** Space kept back so that deletes work on a full disk. */
  reserve: DiskReserve;
  now(): number;
  /** User spaces, their import/export jobs and space sync tasks. */
  spaces: SpaceServices;
}

/** The node's own stores, without the user-space layer built over them. */
export type CoreNodeServices = Omit<NodeServices, 'spaces'>;

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
