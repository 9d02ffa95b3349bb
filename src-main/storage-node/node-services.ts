import type { BlobCollector } from './blobs/blob-collector';
import type { BlobStore } from './blobs/blob-store';
import type { RunningUploadHashes } from './blobs/running-upload-hashes';
import type { DiskReserve } from './disk-reserve';
import type { Catalog } from './metadata/catalog';
import type { PathLister } from './metadata/list-by-path';

/**
 * The node's own stores and a clock tests can set: what both the routes and
 * the user-space layer (src-main/storage-node/spaces/) work with. Kept apart
 * from http/route.ts so that the layer built over them does not import the
 * routes' context back.
 */
export interface CoreNodeServices {
  catalog: Catalog;
  lister: PathLister;
  store: BlobStore;
  collector: BlobCollector;
  uploadHashes: RunningUploadHashes;
  /** Space kept back so that deletes work on a full disk. */
  reserve: DiskReserve;
  now(): number;
}
