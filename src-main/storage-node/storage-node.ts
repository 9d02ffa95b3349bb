/**
 * The embedded storage node: a JCS-pub-compatible HTTP service over local
 * storage. `startStorageNode` is used in-process by the app, headless mode and
 * tests; `cli.ts` runs it standalone.
 */
import { mkdir } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { openDatabase, type Db } from '../common/sqlite';
import type { Credentials } from '../common/sigv4';
import { BlobCollector } from './blobs/blob-collector';
import { BlobJournal } from './blobs/blob-journal';
import { BlobStore } from './blobs/blob-store';
import { RunningUploadHashes } from './blobs/running-upload-hashes';
import { AbandonedUploadSweeper, type SweepOptions } from './abandoned-uploads';
import { lockDataDir, type DataDirLock } from './data-dir-lock';
import { diskFullMessage, isDiskFull } from './disk-full';
import { DEFAULT_DISK_RESERVE_BYTES, DiskReserve } from './disk-reserve';
import { createDispatcher } from './http/dispatch';
import { resolveLimits, type NodeLimits } from './http/limits';
import { createLimitedServer } from './http/limited-server';
import type { CoreNodeServices, NodeServices, Route } from './http/route';
import { createSpaceServices } from './spaces/space-services';
import { FileKeySecretBox } from '../core/secrets/file-key-secret-box';
import { spaceRoutes } from './spaces/routes/space-routes';
import { syncTaskRoutes } from './spaces/routes/sync-task-routes';
import { Catalog } from './metadata/catalog';
import { PathLister } from './metadata/list-by-path';
import { storageNodeMigrations } from './metadata/schema';
import { httpUrl, isLoopbackHost } from '../common/network';
import { bucketRoutes } from './routes/bucket-routes';
import { multipartUploadRoutes } from './routes/multipart-upload-routes';
import { objectReadRoutes } from './routes/object-read-routes';
import { objectWriteRoutes } from './routes/object-write-routes';
import { packageRoutes } from './routes/package-routes';
import { IpfsCatalog } from './ipfs/ipfs-catalog';
import { createIpfsServer, kuboAuthFor, type IpfsApiOptions } from './ipfs/ipfs-server';

export const storageNodeRoutes: readonly Route[] = [
  ...bucketRoutes,
  ...packageRoutes,
  ...objectWriteRoutes,
  ...objectReadRoutes,
  ...multipartUploadRoutes,
  ...spaceRoutes,
  ...syncTaskRoutes,
];

export interface StorageNodeOptions {
  dataDir: string;
  /** Default 127.0.0.1. A node without credentials refuses any non-loopback host. */
  host?: string;
  /** Default 0: any free port. */
  port?: number;
  credentials?: Credentials;
  /** Where internal errors are reported (default: stderr). */
  log?: (message: string, error?: unknown) => void;
  /** Clock for object times and upload ages (tests). */
  now?: () => number;
  /** Connection limits (tests shorten them); see DEFAULT_LIMITS. */
  limits?: Partial<NodeLimits>;
  /** Bytes kept back so that deletes work on a full disk (default 32 MiB; 0 for none). */
  diskReserveBytes?: number;
  /** When multipart uploads with no new part count as abandoned and are removed (default a week, checked hourly). */
  abandonedUploads?: SweepOptions;
  /** When given, the Kubo-RPC subset (`/api/v0/…`) is served on a port of its own. */
  ipfs?: IpfsApiOptions;
}

export interface RunningStorageNode {
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** The Kubo-RPC API's base URL (`http://host:port`), when `ipfs` was given. */
  ipfsUrl?: string;
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
  const limits = resolveLimits(options.limits);
  const ipfsHost = options.ipfs?.host ?? host;
  const ipfsAuth = options.ipfs ? kuboAuthFor(options.ipfs, ipfsHost, options.credentials) : undefined;
  const dataDir = resolve(options.dataDir);
  const log = options.log ?? ((message, error) => console.error(`storage node: ${message}`, error ?? ''));
  const reserve = new DiskReserve(dataDir, options.diskReserveBytes ?? DEFAULT_DISK_RESERVE_BYTES, log);
  let lock: DataDirLock | undefined;
  let db: Db;
  let secretBox: FileKeySecretBox;
  try {
    await mkdir(dataDir, { recursive: true });
    lock = lockDataDir(dataDir);
    db = await reserve.withReserveReleased('the node can start', () => openDatabase(join(dataDir, 'metadata.db'), storageNodeMigrations));
    // The key of the spaces' credentials: read (or made) here, so an unreadable one fails the start with the folder unlocked.
    try {
      secretBox = new FileKeySecretBox(dataDir);
    } catch (error) {
      db.close();
      throw error;
    }
  } catch (error) {
    lock?.release();
    throw startupError(error, dataDir);
  }
  const store = new BlobStore(dataDir);
  const catalog = new Catalog(db);
  const collector = new BlobCollector(
    catalog,
    store,
    (error) => log('blob collection failed', error),
    () => void reserve.restoreIfRoom().catch((error: unknown) => log('writing the disk reserve failed', error)),
  );
  store.setUnpinnedListener(() => collector.schedule());
  const journal = new BlobJournal(store, catalog.journal, (fn) => catalog.transaction(fn), (error) => log('restoring small blob files from the journal failed', error));
  // A blob without a file is inline in the catalog (or, left by a version 5 node, a journal row whose bytes did not check out at start).
  store.setFallback((sha256) => catalog.inline.data(sha256) ?? catalog.journal.data(sha256));
  const core: CoreNodeServices = { catalog, lister: new PathLister(db), store, collector, uploadHashes: new RunningUploadHashes(store, catalog), reserve, now: options.now ?? Date.now };
  const node: NodeServices = { ...core, spaces: createSpaceServices(db, dataDir, secretBox, core, log) };
  const sweeper = new AbandonedUploadSweeper(node, log, options.abandonedUploads);
  const ipfsCatalog = new IpfsCatalog(db);

  let server: Server | undefined;
  let ipfsServer: Server | undefined;
  try {
    await store.init();
    // Small blobs a version 5 node acknowledged but maybe never synced (a power loss): their files are made right before anything reads them.
    const restored = await journal.recover();
    if (restored > 0) log(`checked ${restored} small blob files against their journaled bytes`);
    // Content no pin reaches is dropped at start (Kubo's GC, run when nothing is being added).
    await reserve.withReserveReleased('the node can start', () => ipfsCatalog.collectUnpinned());
    await reserve.withReserveReleased('the node can start', () => collector.collect()); // orphans of a crash: blobs placed but never committed
    await sweeper.start();
    node.spaces.runner.resumeInterrupted();
    node.spaces.syncer.start();
    const dispatch = createDispatcher({ routes: storageNodeRoutes, node, credentials: options.credentials, limits, log });
    server = createLimitedServer(limits, log, (req, res) => void dispatch(req, res));
    await listen(server, host, options.port ?? 0);
    if (options.ipfs && ipfsAuth) {
      ipfsServer = createIpfsServer({ node, catalog: ipfsCatalog, log }, ipfsAuth, limits);
      await listen(ipfsServer, ipfsHost, options.ipfs.port ?? 0);
    }
    // In the background: writing it (once per data folder) must not delay serving.
    void reserve.restoreIfRoom().then(
      (written) => written || log(`the disk has no room for the ${reserve.size} byte reserve that keeps deletes working on a full disk; it is written once space is freed`),
      (error: unknown) => log('writing the disk reserve failed', error),
    );
  } catch (error) {
    server?.close();
    ipfsServer?.close();
    await node.spaces.syncer.stop();
    await node.spaces.runner.stop();
    await sweeper.stop();
    await collector.stop();
    await node.uploadHashes.close();
    db.close();
    lock.release();
    throw startupError(error, dataDir);
  }

  const port = (server.address() as AddressInfo).port;
  const ipfsPort = ipfsServer ? (ipfsServer.address() as AddressInfo).port : undefined;

  let closing: Promise<void> | undefined;
  const running: RunningStorageNode = {
    url: httpUrl(host, port),
    host,
    port,
    dataDir,
    ipfsUrl: ipfsPort === undefined ? undefined : httpUrl(ipfsHost, ipfsPort),
    close(graceMs = 10_000) {
      closing ??= (async () => {
        const servers = ipfsServer ? [server, ipfsServer] : [server];
        const closed = Promise.all(servers.map((s) => new Promise<void>((done) => s.close(() => done()))));
        for (const s of servers) s.closeIdleConnections();
        const timer = setTimeout(() => servers.forEach((s) => s.closeAllConnections()), graceMs);
        await closed;
        clearTimeout(timer);
        await node.spaces.syncer.stop();
        await node.spaces.runner.stop();
        await sweeper.stop();
        await collector.stop();
        await reserve.settled();
        await node.uploadHashes.close();
        db.close();
        lock.release();
      })();
      return closing;
    },
  };
  return running;
}

/** A full disk is named as such (not as whichever layer ran into it first). */
function startupError(error: unknown, dataDir: string): unknown {
  if (!isDiskFull(error)) return error;
  return new Error(`${diskFullMessage(dataDir)}: free some space, then start the node again`, { cause: error });
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
