/**
 * The embedded storage node: a JCS-pub-compatible HTTP service over local
 * storage. `startStorageNode` is used in-process by the app, headless mode and
 * tests; `cli.ts` runs it standalone.
 */
import { mkdir } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { openDatabase } from '../common/sqlite';
import type { Credentials } from '../common/sigv4';
import { BlobCollector } from './blobs/blob-collector';
import { BlobStore } from './blobs/blob-store';
import { RunningUploadHashes } from './blobs/running-upload-hashes';
import { lockDataDir } from './data-dir-lock';
import { createDispatcher } from './http/dispatch';
import type { NodeServices, Route } from './http/route';
import { Catalog } from './metadata/catalog';
import { PathLister } from './metadata/list-by-path';
import { storageNodeMigrations } from './metadata/schema';
import { httpUrl, isLoopbackHost } from '../common/network';
import { bucketRoutes } from './routes/bucket-routes';
import { multipartUploadRoutes } from './routes/multipart-upload-routes';
import { objectReadRoutes } from './routes/object-read-routes';
import { objectWriteRoutes } from './routes/object-write-routes';
import { packageRoutes } from './routes/package-routes';

export const storageNodeRoutes: readonly Route[] = [...bucketRoutes, ...packageRoutes, ...objectWriteRoutes, ...objectReadRoutes, ...multipartUploadRoutes];

export interface StorageNodeOptions {
  dataDir: string;
  /** Default 127.0.0.1. A node without credentials refuses any non-loopback host. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  credentials?: Credentials;
  /** Where internal errors are reported (default: stderr). */
  log?: (message: string, error?: unknown) => void;
  /** Clock for object times (tests). */
  now?: () => number;
}

export interface RunningStorageNode {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** Stops accepting, lets running requests finish (up to `graceMs`), then closes the stores. */
  close(graceMs?: number): Promise<void>;
}

export async function startStorageNode(options: StorageNodeOptions): Promise<RunningStorageNode> {
  const host = options.host ?? '127.0.0.1';
  if (!options.credentials && !isLoopbackHost(host)) {
    throw new Error(`refusing to serve on ${host} without an access key and secret key: a node without keys binds only to loopback addresses (127.0.0.1, ::1, localhost)`);
  }
  if (options.credentials && (!options.credentials.accessKey || !options.credentials.secretKey)) {
    throw new Error('both an access key and a secret key are needed');
  }
  const dataDir = resolve(options.dataDir);
  await mkdir(dataDir, { recursive: true });
  const lock = lockDataDir(dataDir);
  const log = options.log ?? ((message, error) => console.error(`storage node: ${message}`, error ?? ''));
  let db;
  try {
    db = openDatabase(join(dataDir, 'metadata.db'), storageNodeMigrations);
  } catch (error) {
    lock.release();
    throw error;
  }
  const store = new BlobStore(dataDir);
  const catalog = new Catalog(db);
  const collector = new BlobCollector(catalog, store, (error) => log('blob collection failed', error));
  store.setUnpinnedListener(() => collector.schedule());
  const node: NodeServices = { catalog, lister: new PathLister(db), store, collector, uploadHashes: new RunningUploadHashes(store, catalog), now: options.now ?? Date.now };

  let server: Server | undefined;
  try {
    await store.init();
    await collector.collect(); // orphans of a crash: blobs placed but never committed
    const dispatch = createDispatcher({ routes: storageNodeRoutes, node, credentials: options.credentials, log });
    server = createServer({ requestTimeout: 0, headersTimeout: 60_000, keepAliveTimeout: 30_000 }, (req, res) => void dispatch(req, res));
    await listen(server, host, options.port ?? 0);
  } catch (error) {
    server?.close();
    db.close();
    lock.release();
    throw error;
  }

  const port = (server.address() as AddressInfo).port;

  let closing: Promise<void> | undefined;
  const running: RunningStorageNode = {
    url: httpUrl(host, port),
    host,
    port,
    dataDir,
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const closed = new Promise<void>((done) => server.close(() => done()));
        server.closeIdleConnections();
        const timer = setTimeout(() => server.closeAllConnections(), graceMs);
        await closed;
        clearTimeout(timer);
        await collector.stop();
        await node.uploadHashes.close();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
  return running;
}

function listen(server: Server, host: string, port: number): Promise<void> {
  return new Promise((resolveListen, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolveListen();
    });
  });
}
