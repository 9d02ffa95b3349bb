/**
 * A transfer engine wired to a real storage node through a CountingProxy, on
 * a real app database in a temp folder: the connection points at the proxy,
 * so every request the engine makes can be counted or tampered with, while
 * `node.client` talks to the node directly (to prepare and inspect objects).
 * `restart()` stops the engine, closes the database and builds a new engine on
 * the reopened database, as an app restart would.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inspect } from 'node:util';
import type { ConflictPolicy, ObjectTarget, TransferSettings, TransferState } from '../../src-shared/contract/domain';
import type { EventName, EventPayload } from '../../src-shared/contract/events';
import type { Db } from '../../src-main/common/sqlite';
import { openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus, type AnyEvent } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import type { RetryPolicy } from '../../src-main/core/transfers/retry';
import { TransferEngine } from '../../src-main/core/transfers/transfer-engine';
import { TransferService } from '../../src-main/core/transfers/transfer-service';
import { TransferStore, type JobRow } from '../../src-main/core/transfers/transfer-store';
import type { JcsObject } from '../../src-shared/jcs/wire';
import type { RemoteEntry } from '../../src-main/providers/storage-provider';
import { jcsDraft, storageNodeScript, waitFor } from './core';
import { CountingProxy } from './counting-proxy';
import { startTestNode, type TestNode } from './storage-node';
import { makeTempDir } from './temp-dir';

export const MiB = 1024 * 1024;
export const TEST_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 50, maxDelayMs: 200 };
export const TEST_SETTINGS: TransferSettings = { maxConcurrentFiles: 3, maxConcurrentParts: 2, bandwidthLimitKiBps: 0, multipartThresholdMiB: 1, requireVerifiedDownloads: false };

export interface TimedEvent {
  at: number;
  event: AnyEvent;
}

export interface TransferRig {
  root: string;
  /** Local files live here (uploads read from it, downloads write into it). */
  localDir: string;
  node: TestNode;
  proxy: CountingProxy;
  events: EventBus;
  /** Every event the engine emitted, with performance.now() times. */
  recorded: TimedEvent[];
  logs: string[];
  connectionId: string;
  /** The package's root id, as the connection's provider lists it. */
  rootId: string;
  /** The package's JCS id, for looking at the node directly (`node.client`). */
  packageId: number;
  db: Db;
  connections: ConnectionService;
  settings: SettingsService;
  engine: TransferEngine;
  service: TransferService;
  store: TransferStore;
  setSettings(change: Partial<TransferSettings>): void;
  /** Starts the engine (rigs opened with `start: false` wait for this). */
  start(): void;
  /** Stops the engine (graceful), reopens the database, builds a new engine and starts it. */
  restart(options?: { graceMs?: number; start?: boolean }): Promise<void>;
  /** Stops the storage node for real (the proxy then cannot reach it). */
  stopNode(): Promise<void>;
  /** Starts a node on the same data folder again (on a new port the proxy is pointed at). */
  startNode(): Promise<void>;
  job(id: string): JobRow;
  /** Every job, oldest first. */
  jobs(): JobRow[];
  waitForState(id: string, states: TransferState | readonly TransferState[], timeoutMs?: number): Promise<JobRow>;
  /** Waits until no job is queued (without a conflict), running or paused. */
  waitIdle(timeoutMs?: number): Promise<JobRow[]>;
  close(): Promise<void>;
}

export interface RigOptions {
  settings?: Partial<TransferSettings>;
  /** Start the engine at once (default true). */
  start?: boolean;
  snapshotIntervalMs?: number;
}

export async function openRig(options: RigOptions = {}): Promise<TransferRig> {
  const temp = await makeTempDir('jcs-transfers');
  const root = temp.path;
  const dataDir = join(root, 'app');
  const localDir = join(root, 'local');
  await mkdir(dataDir, { recursive: true });
  await mkdir(localDir, { recursive: true });
  const node = await startTestNode({ credentials: null });
  const proxy = await CountingProxy.start(node.node.url);
  const bucket = await node.client.createBucket('transfers');
  const pkg = await node.client.createPackage(bucket.bucketID, 'files');

  const events = new EventBus();
  const recorded: TimedEvent[] = [];
  events.onAny((event) => recorded.push({ at: performance.now(), event }));
  const logs: string[] = [];
  const log = (message: string, error?: unknown) => logs.push(error === undefined ? message : `${message} ${inspect(error)}`);

  let db = openAppDatabase(dataDir);
  const secretBox = new FileKeySecretBox(dataDir);
  const embedded = new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: () => {} });
  let connections = new ConnectionService(db, secretBox, events, embedded);
  let settings = new SettingsService(db, events);
  settings.update({ transfers: { ...TEST_SETTINGS, ...options.settings } });
  const connectionId = connections.add(jcsDraft('through the proxy', proxy.url)).id;
  const provider = connections.provider(connectionId);
  const rootId = await packageRoot((parentId) => provider.listRoots(parentId), 'transfers', 'files');

  const build = () => {
    const store = new TransferStore(db);
    const engine = new TransferEngine({
      store,
      connections,
      events,
      settings: () => settings.get().transfers,
      retry: TEST_RETRY,
      snapshotIntervalMs: options.snapshotIntervalMs ?? 50,
      log,
    });
    return { store, engine, service: new TransferService(engine, connections, settings) };
  };

  let started = false;
  const nodes = [node];
  const rig: TransferRig = {
    root,
    localDir,
    node,
    proxy,
    events,
    recorded,
    logs,
    connectionId,
    rootId,
    packageId: pkg.packageID,
    db,
    connections,
    settings,
    ...build(),
    setSettings(change) {
      settings.update({ transfers: { ...settings.get().transfers, ...change } });
      rig.engine.applySettings();
    },
    start() {
      started = true;
      rig.engine.start();
    },
    async restart({ graceMs = 3000, start = true } = {}) {
      if (started) await rig.engine.stop(graceMs);
      started = false;
      connections.close();
      db.close();
      db = openAppDatabase(dataDir);
      connections = new ConnectionService(db, secretBox, events, embedded);
      settings = new SettingsService(db, events);
      Object.assign(rig, { db, connections, settings, ...build() });
      if (start) rig.start();
    },
    async stopNode() {
      await rig.node.node.close(0);
    },
    async startNode() {
      const next = await startTestNode({ credentials: null, dataDir: node.dataDir });
      nodes.push(next);
      rig.node = next;
      proxy.setUpstream(next.node.url);
    },
    job(id) {
      const row = rig.store.get(id);
      if (!row) throw new Error(`no job ${id}`);
      return row;
    },
    jobs() {
      return rig.store.page(0, 100_000).rows;
    },
    waitForState(id, states, timeoutMs = 20_000) {
      const wanted: readonly TransferState[] = typeof states === 'string' ? [states] : states;
      return waitFor(`job ${id} to be ${wanted.join(' or ')} (it is ${rig.store.get(id)?.state})`, () => {
        const row = rig.store.get(id);
        return row && wanted.includes(row.state) ? row : undefined;
      }, timeoutMs, 10);
    },
    waitIdle(timeoutMs = 20_000) {
      return waitFor('the queue to be idle', () => {
        const rows = rig.jobs();
        return rows.every((r) => r.state !== 'running' && r.state !== 'paused' && (r.state !== 'queued' || r.waiting !== null)) ? rows : undefined;
      }, timeoutMs, 10);
    },
    async close() {
      if (started) await rig.engine.stop(200);
      connections.close();
      db.close();
      await proxy.close();
      for (const n of nodes.reverse()) await n.dispose();
      await temp.remove();
    },
  };
  if (options.start ?? true) rig.start();
  return rig;
}

/** The id of the root named `pkg` inside the top-level root named `bucket`, found by listing (root ids are the provider's). */
export async function packageRoot(listRoots: (parentId: string | null) => Promise<Array<{ id: string; name: string }>>, bucket: string, pkg: string): Promise<string> {
  const top = (await listRoots(null)).find((r) => r.name === bucket);
  const inner = top && (await listRoots(top.id)).find((r) => r.name === pkg);
  if (!inner) throw new Error(`no root ${bucket}/${pkg}`);
  return inner.id;
}

/** Where an upload of the rig goes: its package, `folder` in it. */
export function uploadTarget(rig: TransferRig, folder = '', conflict: ConflictPolicy = 'ask'): { connectionId: string; root: string; targetFolder: string; conflict: ConflictPolicy } {
  return { connectionId: rig.connectionId, root: rig.rootId, targetFolder: folder, conflict };
}

/** What a download of the rig's package starts from. */
export function downloadRequest(rig: TransferRig, targets: readonly ObjectTarget[] | undefined, localFolder = rig.localDir, conflict: ConflictPolicy = 'ask') {
  return { connectionId: rig.connectionId, root: rig.rootId, targets, localFolder, conflict };
}

/** The object at `path` as the connection's provider lists it (its ref, version, hash). */
export async function entryAt(rig: TransferRig, path: string): Promise<RemoteEntry> {
  const entry = await rig.connections.provider(rig.connectionId).stat(rig.rootId, path);
  if (!entry) throw new Error(`nothing at ${path}`);
  return entry;
}

/** A download target for the object at `path`, with its ref and size as a listing gives them. */
export async function objectTarget(rig: TransferRig, path: string): Promise<ObjectTarget> {
  const entry = await entryAt(rig, path);
  return { type: 'object', path: entry.path, ...(entry.ref === undefined ? {} : { ref: entry.ref }), size: entry.size };
}

// ---- content ----

export function fullHash(bytes: Buffer): string {
  return 'Full' + createHash('sha256').update(bytes).digest('hex').toUpperCase();
}

/** Writes `size` random bytes to `path` (folders created); returns them. */
export async function writeRandomFile(path: string, size: number): Promise<Buffer> {
  const bytes = randomBytes(size);
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, bytes);
  return bytes;
}

export async function fileHashOf(path: string): Promise<string> {
  return fullHash(await readFile(path));
}

// ---- the node, seen directly ----

export async function objectAt(rig: TransferRig, path: string): Promise<JcsObject | undefined> {
  return (await rig.node.client.listByPath({ packageID: rig.packageId, path, isPrefix: false })).objects[0];
}

export async function objectsUnder(rig: TransferRig, prefix: string): Promise<JcsObject[]> {
  const out: JcsObject[] = [];
  for await (const page of rig.node.client.listAllByPath({ packageID: rig.packageId, path: prefix, maxKeys: 1000 })) out.push(...page.objects);
  return out;
}

export async function readObject(rig: TransferRig, path: string): Promise<Buffer> {
  const { stream } = await rig.node.client.download({ packageID: rig.packageId, path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** Puts an object straight onto the node (not through the engine or the proxy). */
export async function putObject(rig: TransferRig, path: string, bytes: Buffer): Promise<JcsObject> {
  const [object] = await rig.node.client.uploadObjects(rig.packageId, [{ path, body: bytes }]);
  if (!object) throw new Error(`the node did not store ${path}`);
  return object;
}

/** Events of one name, in order, with their times. */
export function eventsNamed<E extends EventName>(rig: TransferRig, name: E): Array<{ at: number; payload: EventPayload<E> }> {
  return rig.recorded.filter((e) => e.event.name === name).map((e) => ({ at: e.at, payload: e.event.payload as EventPayload<E> }));
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
