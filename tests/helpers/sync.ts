/**
 * Folder sync in tests: a real AppCore (its embedded storage node, or another
 * node added as a remote connection) with short sync timings, task configs
 * with safe defaults, runs driven through the contract and awaited by the
 * task's `lastRunAt`, and both sides read back as {relative path → content}.
 * Local files get explicit modification times in the past (each write a
 * distinct second), so runs never see them as still being written and a
 * rewrite of the same size is always a change.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import type { SyncTask, SyncTaskConfig } from '../../src-shared/contract/sync';
import type { AppCore } from '../../src-main/core/app-core';
import type { RunnerTimings } from '../../src-main/core/sync/sync-task-runner';
import type { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { callOk, openCore, waitFor } from './core';

/** Short timings that keep the defaults' order (stableMs > watch stability + debounce). */
export const TEST_TIMINGS: RunnerTimings = { stableMs: 400, fullRescanMs: 60_000, offlineRetryMs: 300, watchStabilityMs: 150, watchDebounceMs: 50, rootCheckMs: 150, appChangeDebounceMs: 100 };

export async function openSyncCore(dataDir: string, options: { timings?: Partial<RunnerTimings>; logs?: string[] } = {}): Promise<AppCore> {
  return openCore(dataDir, options.logs, { ...TEST_TIMINGS, ...options.timings });
}

export interface Target {
  connectionId: string;
  /** The package's root id (what the contract speaks in). */
  root: string;
  /** The JCS ids behind it, for tests that look at the node with a JCS client. */
  bucketId: number;
  packageId: number;
}

/** A fresh bucket and package on a JCS connection of the core. */
export async function makePackage(core: AppCore, name: string, connectionId: string = LOCAL_CONNECTION_ID): Promise<Target> {
  const bucket = await callOk(core, 'roots.create', { connectionId, parentId: null, name });
  const pkg = await callOk(core, 'roots.create', { connectionId, parentId: bucket.id, name: 'files' });
  return { connectionId, root: pkg.id, bucketId: Number(bucket.extras.bucketID), packageId: Number(pkg.extras.packageID) };
}

/** A Manual task with a deletion guard that never fires, unless `change` says otherwise. */
export function taskConfig(target: Pick<Target, 'connectionId' | 'root'>, localPath: string, change: Partial<Omit<SyncTaskConfig, 'options'>> & { options?: Partial<SyncTaskConfig['options']> } = {}): SyncTaskConfig {
  const { options, ...rest } = change;
  return {
    name: 'test task',
    localPath,
    connectionId: target.connectionId,
    root: target.root,
    remotePath: 'sync/',
    direction: 'twoWay',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    ...rest,
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 10_000, maxPercent: 100 }, dryRun: false, trashDays: 30, ...options },
  };
}

export async function taskView(core: AppCore, id: string): Promise<SyncTask> {
  const task = (await callOk(core, 'sync.list', {})).find((t) => t.id === id);
  if (!task) throw new Error(`sync task ${id} is gone`);
  return task;
}

const busy = (t: SyncTask) => t.status === 'scanning' || t.status === 'syncing';

/** Waits until the task is not scanning or syncing. */
export async function waitQuiet(core: AppCore, id: string, timeoutMs = 15_000): Promise<SyncTask> {
  return pollTask(core, id, 'to be quiet', (t) => !busy(t), timeoutMs);
}

/**
 * Waits for a run that finishes after `since` and after the result `previous`
 * (its result recorded, the task no longer busy). Both: a run that finished in
 * the very millisecond `since` was taken is not the one asked for.
 */
export async function waitRunAfter(core: AppCore, id: string, since: number, timeoutMs = 15_000, previous: number | null = null): Promise<SyncTask> {
  return pollTask(core, id, 'to finish a run', (t) => !busy(t) && t.lastRunAt !== null && t.lastRunAt >= since && (previous === null || t.lastRunAt > previous), timeoutMs);
}

/** Polls the task's view until `done` holds; the error names its last status. */
export async function pollTask(core: AppCore, id: string, what: string, done: (task: SyncTask) => boolean, timeoutMs = 15_000): Promise<SyncTask> {
  let last: SyncTask | undefined;
  try {
    return await waitFor(`task ${id} ${what}`, async () => {
      last = await taskView(core, id);
      return done(last) ? last : undefined;
    }, timeoutMs);
  } catch (error) {
    throw new Error(`${(error as Error).message} (last seen: ${last?.status}: ${last?.statusMessage})`, { cause: error });
  }
}

/** One whole run, started now (after any run under way), awaited to its end. */
export async function runTask(core: AppCore, id: string, options: { confirmDeletions?: boolean; timeoutMs?: number } = {}): Promise<SyncTask> {
  const quiet = await waitQuiet(core, id, options.timeoutMs);
  const since = Date.now();
  await callOk(core, options.confirmDeletions ? 'sync.confirmDeletions' : 'sync.runNow', { id });
  return waitRunAfter(core, id, since, options.timeoutMs, quiet.lastRunAt);
}

/** One revert run of a one-way task (its kept changes replaced by the sending side's version), awaited to its end. */
export async function revertTask(core: AppCore, id: string, timeoutMs?: number): Promise<SyncTask> {
  const quiet = await waitQuiet(core, id, timeoutMs);
  const since = Date.now();
  await callOk(core, 'sync.revert', { id });
  return waitRunAfter(core, id, since, timeoutMs, quiet.lastRunAt);
}

/** Waits until the core has no transfer queued, running or paused. */
export async function waitTransfersIdle(core: AppCore, timeoutMs = 20_000): Promise<void> {
  await waitFor('the transfer queue to drain', async () => {
    const totals = await callOk(core, 'transfers.totals', {});
    return totals.queued + totals.running + totals.paused === 0;
  }, timeoutMs);
}

/**
 * Lets the transfers under way finish, then runs, until a run finds nothing
 * left to do (at most `maxRuns`). Transfers left by an earlier run update the
 * journal when they finish, but their paths are skipped while they are active.
 */
export async function runUntilSettled(core: AppCore, id: string, maxRuns = 4): Promise<SyncTask> {
  for (let i = 0; i < maxRuns; i++) {
    await waitTransfersIdle(core);
    const task = await runTask(core, id);
    const plan = await callOk(core, 'sync.preview', { id });
    const totals = await callOk(core, 'transfers.totals', {});
    if (plan.actions.length === 0 && totals.queued + totals.running + totals.paused === 0 && task.status === 'idle') return taskView(core, id);
  }
  const plan = await callOk(core, 'sync.preview', { id });
  throw new Error(`task ${id} did not settle in ${maxRuns} runs: ${JSON.stringify(plan.actions)} (${JSON.stringify(await taskView(core, id))})`);
}

export async function createTask(core: AppCore, config: SyncTaskConfig): Promise<SyncTask> {
  return callOk(core, 'sync.create', config);
}

// ---- the local side ----

let lastMtime = 0;
/** A distinct modification time in the past: whole seconds (file systems store them exactly), one apart, starting an hour ago. */
export function pastMtime(): number {
  lastMtime = Math.max(lastMtime + 1000, Math.floor((Date.now() - 3_600_000) / 1000) * 1000);
  return lastMtime;
}

/** Writes a file (creating folders) with a past, unique mtime (or `mtimeMs`). */
export function writeLocal(root: string, rel: string, content: string | Buffer, mtimeMs: number = pastMtime()): void {
  const path = join(root, ...rel.split('/'));
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  utimesSync(path, mtimeMs / 1000, mtimeMs / 1000);
}

export function removeLocal(root: string, rel: string): void {
  rmSync(join(root, ...rel.split('/')), { recursive: true });
}

export function readLocal(root: string, rel: string): string {
  return readFileSync(join(root, ...rel.split('/')), 'utf8');
}

/** Every file under `root` (relative '/' paths → content), the trash left out unless asked for. */
export function localTree(root: string, options: { trash?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, rel: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const childRel = rel ? `${rel}/${entry.name}` : entry.name;
      if (!options.trash && childRel === '.jcs-trash') continue;
      if (entry.isDirectory()) walk(join(dir, entry.name), childRel);
      else out[childRel] = readFileSync(join(dir, entry.name), 'utf8');
    }
  };
  walk(root, '');
  return sorted(out);
}

// ---- the remote side ----

export async function readRemote(client: JcsClient, packageId: number, path: string): Promise<string> {
  const { stream } = await client.download({ packageID: packageId, path });
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** Every object under `prefix` (paths relative to it → content), the trash left out unless asked for; one gone since the listing is left out. */
export async function remoteTree(client: JcsClient, packageId: number, prefix = 'sync/', options: { trash?: boolean } = {}): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for await (const page of client.listAllByPath({ packageID: packageId, path: prefix, maxKeys: 1000 })) {
    for (const o of page.objects) {
      const rel = o.path.slice(prefix.length);
      if (!options.trash && rel.startsWith('.jcs-trash/')) continue;
      try {
        out[rel] = await readRemote(client, packageId, o.path);
      } catch (error) {
        if ((error as { code?: string }).code !== 'DataNotFound') throw error; // moved or deleted since the listing (a watched folder)
      }
    }
  }
  return sorted(out);
}

/** Uploads (or replaces in place) objects under `prefix`. */
export async function putRemote(client: JcsClient, packageId: number, files: Record<string, string>, prefix = 'sync/'): Promise<void> {
  await client.uploadObjects(
    packageId,
    Object.entries(files).map(([rel, content]) => ({ path: prefix + rel, body: Buffer.from(content) })),
  );
}

export async function remoteObject(client: JcsClient, packageId: number, path: string) {
  const page = await client.listByPath({ packageID: packageId, path, isPrefix: false });
  return page.objects[0];
}

export async function deleteRemote(client: JcsClient, packageId: number, paths: readonly string[], prefix = 'sync/'): Promise<void> {
  const ids: number[] = [];
  for (const p of paths) {
    const o = await remoteObject(client, packageId, prefix + p);
    if (!o) throw new Error(`no remote object ${prefix + p}`);
    ids.push(o.objectID);
  }
  await client.deleteObjects(ids);
}

export async function moveRemote(client: JcsClient, packageId: number, from: string, to: string, prefix = 'sync/'): Promise<void> {
  const o = await remoteObject(client, packageId, prefix + from);
  if (!o) throw new Error(`no remote object ${prefix + from}`);
  const moved = await client.moveObjects([{ objectID: o.objectID, packageID: packageId, path: prefix + to }]);
  if (!moved.includes(o.objectID)) throw new Error(`could not move ${from} to ${to}`);
}

function sorted(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

// ---- crash tests (shared with tests/helpers/sync-child.ts) ----

const spread = (prefix: string, count: number, size: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`${prefix}-${String(i).padStart(2, '0')}.bin`, `${prefix} ${i} `.padEnd(size, prefix[0])]));
/** Files a crashed run was downloading: 10 × 32 KiB. */
export const CRASH_REMOTE_FILES: Record<string, string> = spread('remote', 10, 32 * 1024);
/** Files a crashed run was uploading: 10 × 16 KiB (one multi-file request). */
export const CRASH_LOCAL_FILES: Record<string, string> = spread('local', 10, 16 * 1024);
/** Slow enough that a run is caught with downloads done, one under way and more queued. */
export const CRASH_BANDWIDTH_KIBPS = 128;
