/**
 * One run's look at both sides and its plan, without acting: a full run scans
 * the whole folder and the remote listing; a run triggered by a few watched
 * paths looks at just those. What a filter hides on either side, what is
 * still being written and what a transfer is busy with are left out of the
 * plan (skipped), never read as deleted.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { SyncTaskConfig } from '@shared/contract/sync';
import { hashFile } from '../transfers/hash-file';
import { LocalFolderMissing, scanLocal, statLocal, type LocalFile } from './local-scan';
import type { PathFilter } from './path-filter';
import { reservedPath, scanRemote, statRemote, type RejectedRemoteEntry, type RemoteFile } from './remote-scan';
import { remotePolicy, type RemoteSide } from './remote-side';
import { mergeScan, StreamOutOfOrder, type MergedScan } from './scan-merge';
import { rootIdentity } from './sync-root';
import { pathsNeedingLocalHash, planSync, type PlannedAction } from './sync-planner';
import type { JournalState, SyncStore } from './sync-store';

export interface ScanInput {
  taskId: string;
  config: SyncTaskConfig;
  filter: PathFilter;
  remote: RemoteSide;
  store: SyncStore;
  /** Paths (relative) a transfer of the task is working on. */
  busy: readonly string[];
  now: number;
  /** A local file modified more recently than this is still being written. */
  stableMs: number;
  /** Only these paths (a watch-triggered run); undefined: everything. */
  scope: Set<string> | undefined;
  revert: boolean;
}

export interface ScannedPlan {
  actions: PlannedAction[];
  localFiles: number;
  remoteFiles: number;
  hashes: Map<string, string>;
  /** Files skipped because they were still being written. */
  unstable: string[];
  /** Remote entries whose paths cannot be used here: skipped, left alone on both sides, to be reported. */
  rejected: RejectedRemoteEntry[];
}

export async function scanAndPlan(input: ScanInput): Promise<ScannedPlan> {
  const { config, filter, scope } = input;
  const policy = remotePolicy(input.remote.provider);
  const options = { stableMs: input.stableMs, now: input.now };
  const skip = new Set(input.busy);
  const unstable: string[] = [];
  const rejected: RejectedRemoteEntry[] = [];
  let local: Map<string, LocalFile>;
  let remote: Map<string, RemoteFile>;
  let journal: Map<string, JournalState>;
  let localFiles: number;
  let remoteFiles: number;
  let alsoTaken: ((path: string) => boolean) | undefined;
  if (!scope) {
    const full = await fullScan(input, options, skip, rejected);
    ({ local, remote, journal, localFiles, remoteFiles } = full);
    unstable.push(...full.unstable);
    // What the merge dropped is in sync on both sides, so in the journal; a path the journal kept it has.
    if (full.merged) alsoTaken = (p) => !journal.has(p) && input.store.journalEntry(input.taskId, p) !== undefined;
  } else {
    local = new Map();
    remote = new Map();
    journal = new Map();
    if (!rootIdentity(config.localPath)) throw new LocalFolderMissing(config.localPath);
    for (const rel of scope) {
      const l = statLocal(config.localPath, rel, filter, options);
      if (l === 'unstable') {
        skip.add(rel);
        unstable.push(rel);
      } else if (l === 'filtered') skip.add(rel);
      else if (l) local.set(rel, l);
      // A path the service cannot hold (a folder on a flat service) or keeps for itself is the filter's to leave out; never asked about.
      if ((!policy.folders && rel.includes('/')) || reservedPath(input.remote, input.remote.remotePath + rel)) {
        skip.add(rel);
        continue;
      }
      const r = await statRemote(input.remote, rel);
      if (r && filter.fileIncluded(rel, r.size)) remote.set(rel, r);
      else if (r) skip.add(rel);
      const j = input.store.journalEntry(input.taskId, rel);
      if (j && !filter.fileIncluded(rel, j.local_size)) skip.add(rel);
      else if (j) journal.set(rel, j);
    }
    localFiles = local.size;
    remoteFiles = remote.size;
  }
  const remoteCan = { move: policy.moves, delete: policy.deletes };
  const base = { direction: config.direction, mode: config.mode, propagateDeletions: config.options.propagateDeletions, remoteCan, local, remote, journal, skip, scope };
  const hashes = new Map<string, string>();
  for (const path of pathsNeedingLocalHash(base)) {
    try {
      hashes.set(path, await hashFile(join(config.localPath, ...path.split('/'))));
    } catch {
      skip.add(path); // vanished while we looked: the next run sees it
    }
  }
  const actions = planSync({ ...base, localHashes: hashes, now: new Date(input.now), revert: input.revert, ...(alsoTaken ? { alsoTaken } : {}) });
  return { actions, localFiles, remoteFiles, hashes, unstable, rejected };
}

interface FullScan extends MergedScan {
  /** From the merge (only what is not in sync on all three), not from full maps. */
  merged: boolean;
}

/**
 * The whole folder, the whole listing and the journal: as one sorted merge
 * (scan-merge.ts), or, when the service does not list in byte order, as three
 * full maps (the local side first: a missing folder is reported as such,
 * whatever the service says).
 */
async function fullScan(input: ScanInput, options: { stableMs: number; now: number }, skip: Set<string>, rejected: RejectedRemoteEntry[]): Promise<FullScan> {
  const { config, filter } = input;
  try {
    if (!statSync(config.localPath).isDirectory()) throw new LocalFolderMissing(config.localPath);
  } catch {
    throw new LocalFolderMissing(config.localPath);
  }
  const skipBefore = new Set(skip);
  const rejectedBefore = rejected.length;
  try {
    const merged = await mergeScan({ root: config.localPath, filter, options, remote: input.remote, store: input.store, taskId: input.taskId, mode: config.mode, skip, rejected: (entry) => rejected.push(entry) });
    return { ...merged, merged: true };
  } catch (error) {
    if (!(error instanceof StreamOutOfOrder)) throw error;
    // Start again from what the merge was given: nothing it learnt so far stays.
    skip.clear();
    for (const p of skipBefore) skip.add(p);
    rejected.length = rejectedBefore;
  }
  const remoteFiltered = new Set<string>();
  const scan = await scanLocal(config.localPath, filter, options);
  const remote = await scanRemote(input.remote, filter, undefined, remoteFiltered, (entry) => rejected.push(entry));
  for (const p of scan.unstable) skip.add(p);
  // What a filter hides on either side is left as it is on both: a file that grew past the size
  // limit, or a folder excluded after it was synced, must not read as deleted.
  for (const p of scan.filtered) skip.add(p);
  for (const p of remoteFiltered) skip.add(p);
  const journal = input.store.journal(input.taskId);
  for (const [p, j] of journal) if (!filter.fileIncluded(p, j.local_size)) skip.add(p);
  return { local: scan.files, remote, journal, unstable: scan.unstable, localFiles: scan.files.size, remoteFiles: remote.size, merged: false };
}
