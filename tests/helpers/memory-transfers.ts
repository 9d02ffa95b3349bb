/**
 * The transfer engine and service on a real app database in a temp folder,
 * with one connection whose provider is an in-memory one
 * (tests/helpers/memory-provider) given through the core's ProviderOverride:
 * the engine meets a service that is not JCS. Every call the engine makes on
 * the provider is recorded (method, path, part index, range). `restart()`
 * stops the engine, closes the database and builds a new engine on the
 * reopened database with the same provider, as an app restart would with a
 * service that kept its data.
 */
import { inspect } from 'node:util';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { TransferSettings, TransferState } from '../../src-shared/contract/domain';
import type { EventName, EventPayload } from '../../src-shared/contract/events';
import type { Db } from '../../src-main/common/sqlite';
import { openAppDatabase } from '../../src-main/core/app-database';
import { ConnectionService } from '../../src-main/core/connections/connection-service';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { EventBus, type AnyEvent } from '../../src-main/core/events/event-bus';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import { SettingsService } from '../../src-main/core/settings/settings-service';
import { TransferEngine } from '../../src-main/core/transfers/transfer-engine';
import { TransferService } from '../../src-main/core/transfers/transfer-service';
import { TransferStore, type JobRow } from '../../src-main/core/transfers/transfer-store';
import { SINGLE_ROOT, type MultipartUploads, type StorageProvider } from '../../src-main/providers/storage-provider';
import { storageNodeScript, waitFor } from './core';
import { MemoryProvider, type MemoryProviderOptions } from './memory-provider/memory-provider';
import { makeTempDir } from './temp-dir';
import { TEST_RETRY, TEST_SETTINGS } from './transfers';

export const MEMORY_CONNECTION = 'memory-service';

export interface ProviderCall {
  method: string;
  path?: string;
  /** putPart: the part's index. */
  index?: number;
  /** read: the range asked for (undefined: the whole object). */
  range?: { offset: number; length?: number };
  /** put: the paths of the files sent. */
  paths?: string[];
}

export interface MemoryRig {
  localDir: string;
  /** Where the engine keeps a browser's chunks for a service without multipart uploads. */
  spoolDir: string;
  provider: MemoryProvider;
  /** Every call the engine made on the provider, in order. */
  calls: ProviderCall[];
  connectionId: string;
  root: string;
  events: AnyEvent[];
  db: Db;
  engine: TransferEngine;
  service: TransferService;
  store: TransferStore;
  setSettings(change: Partial<TransferSettings>): void;
  /** `start: false` leaves the new engine stopped until `start()`. */
  restart(options?: { graceMs?: number; start?: boolean }): Promise<void>;
  start(): void;
  job(id: string): JobRow;
  jobs(): JobRow[];
  waitForState(id: string, states: TransferState | readonly TransferState[], timeoutMs?: number): Promise<JobRow>;
  waitIdle(timeoutMs?: number): Promise<JobRow[]>;
  /** Calls made since `mark` (an index into `calls`) of one method. */
  callsOf(method: string, mark?: number): ProviderCall[];
  eventsNamed<E extends EventName>(name: E): Array<EventPayload<E>>;
  close(): Promise<void>;
}

export async function openMemoryRig(shape: MemoryProviderOptions, settings: Partial<TransferSettings> = {}): Promise<MemoryRig> {
  const temp = await makeTempDir('jcs-memory-transfers');
  const dataDir = join(temp.path, 'app');
  const localDir = join(temp.path, 'local');
  const spoolDir = join(temp.path, 'spool');
  await mkdir(dataDir, { recursive: true });
  await mkdir(localDir, { recursive: true });
  const provider = new MemoryProvider(shape);
  const calls: ProviderCall[] = [];
  const recording = recorded(provider, calls);
  const events = new EventBus();
  const seen: AnyEvent[] = [];
  events.onAny((event) => seen.push(event));
  const logs: string[] = [];
  const log = (message: string, error?: unknown) => logs.push(error === undefined ? message : `${message} ${inspect(error)}`);
  const secretBox = new FileKeySecretBox(dataDir);
  const embedded = new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: () => {} }); // never started: the connection is the memory service
  const override = (id: string) => (id === MEMORY_CONNECTION ? recording : undefined);

  let db = openAppDatabase(dataDir);
  const build = () => {
    const connections = new ConnectionService(db, secretBox, events, embedded, Date.now, override);
    const settingsService = new SettingsService(db, events);
    const store = new TransferStore(db);
    const engine = new TransferEngine({ store, connections, events, settings: () => settingsService.get().transfers, retry: TEST_RETRY, snapshotIntervalMs: 50, log, spoolDir });
    return { connections, settingsService, store, engine, service: new TransferService(engine, connections, settingsService) };
  };
  let parts = build();
  let started = false;
  parts.settingsService.update({ transfers: { ...TEST_SETTINGS, ...settings } });
  parts.engine.applySettings();

  const rig: MemoryRig = {
    localDir,
    spoolDir,
    provider,
    calls,
    connectionId: MEMORY_CONNECTION,
    root: SINGLE_ROOT,
    events: seen,
    db,
    engine: parts.engine,
    service: parts.service,
    store: parts.store,
    setSettings(change) {
      parts.settingsService.update({ transfers: { ...parts.settingsService.get().transfers, ...change } });
      rig.engine.applySettings();
    },
    start() {
      started = true;
      rig.engine.start();
    },
    async restart({ graceMs = 3000, start = true } = {}) {
      if (started) await rig.engine.stop(graceMs);
      started = false;
      parts.connections.close();
      db.close();
      db = openAppDatabase(dataDir);
      parts = build();
      Object.assign(rig, { db, engine: parts.engine, service: parts.service, store: parts.store });
      if (start) rig.start();
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
      return waitFor(`job ${id} to be ${wanted.join(' or ')} (it is ${rig.store.get(id)?.state}; log: ${logs.join(' | ')})`, () => {
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
    callsOf(method, mark = 0) {
      return calls.slice(mark).filter((c) => c.method === method);
    },
    eventsNamed<E extends EventName>(name: E) {
      return seen.filter((e) => e.name === name).map((e) => e.payload as EventPayload<E>);
    },
    async close() {
      if (started) await rig.engine.stop(200);
      parts.connections.close();
      db.close();
      await temp.remove();
    },
  };
  rig.start();
  return rig;
}

/** The provider with every call the engine makes on it (and on its multipart uploads) written down first. */
function recorded(inner: MemoryProvider, calls: ProviderCall[]): StorageProvider {
  const note = (method: string, args: unknown[]): ProviderCall => {
    const [first, second, third] = args;
    if (method === 'put') return { method, paths: (second as Array<{ path: string }>).map((f) => f.path) };
    if (method === 'read') return { method, path: (second as { path: string }).path, range: third as ProviderCall['range'] };
    if (method === 'putPart') return { method, index: second as number };
    if (method === 'stat' || method === 'listFolder') return { method, path: second as string };
    if (method === 'initiate') return { method, path: second as string };
    return { method, ...(typeof first === 'string' && typeof second === 'string' ? { path: second } : {}) };
  };
  const wrap = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(object, property, receiver) {
        const value: unknown = Reflect.get(object, property, receiver);
        if (property === 'multipart' && value) return wrap(value as MultipartUploads);
        if (typeof value !== 'function' || property === 'constructor') return value;
        return (...args: unknown[]) => {
          calls.push(note(String(property), args));
          return (value as (...a: unknown[]) => unknown).apply(object, args);
        };
      },
    });
  return wrap(inner as StorageProvider);
}
