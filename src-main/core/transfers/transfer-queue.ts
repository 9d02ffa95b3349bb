/**
 * What sync needs of the transfer engine, and nothing more: queue a task's
 * transfers as one batch, see which of them are still under way, pause,
 * resume or cancel them, and hear when each settles. Sync never reads the
 * engine's tables; the engine never knows what a sync task is beyond its id.
 */
import type { ConflictPolicy, TransferState } from '@shared/contract/domain';

/** The object a job read or wrote, as the service holds it. */
export interface RemoteVersion {
  /** The provider's handle for the object, when it has one. */
  ref: string | null;
  /** The provider's change token for it (RemoteEntry.version). */
  version: string;
}

export interface TransferRequest {
  direction: 'upload' | 'download';
  connectionId: string;
  root: string;
  remotePath: string;
  localPath: string;
  /** Downloads: the folder the local path must stay inside (checked again right before writing). */
  localRoot: string | null;
  displayName: string;
  size: number;
  /** Uploads: the file's modification time when planned (the upload restarts if it changes). */
  sourceMtime: number | null;
  /** Downloads: the object as listed; a job that finds another version there fetches that one. */
  remote: RemoteVersion | null;
  conflict: ConflictPolicy;
  /** Where what the job replaces is moved first (a trash path: local for downloads, remote for uploads); null: replaced. */
  trashPath: string | null;
}

export interface SettledTransfer {
  id: string;
  batchId: string;
  syncTaskId: string | null;
  direction: 'upload' | 'download';
  state: Extract<TransferState, 'completed' | 'failed' | 'cancelled'>;
  /** Completed without moving anything (its destination existed and the policy said skip). */
  skipped: boolean;
  connectionId: string;
  root: string;
  remotePath: string;
  localPath: string;
  size: number;
  sourceMtime: number | null;
  /** The object as stored once the job completed (uploads: the new object; downloads: the one read). */
  remote: RemoteVersion | null;
  /** Lowercase hex SHA-256 of the bytes the job sent or received; null when it moved none (skipped, failed before). */
  sha256: string | null;
  errorCode: string | null;
  errorMessage: string | null;
}

export interface ActiveTransfer {
  id: string;
  state: TransferState;
  direction: 'upload' | 'download';
  remotePath: string;
}

export interface TransferQueue {
  /** Stores the requests as one batch of the task's jobs, in order and in one transaction (read from the iterable a slice at a time). */
  enqueue(syncTaskId: string, requests: Iterable<TransferRequest>): { batchId: string; jobs: number };
  /** The task's jobs not settled yet (queued, waiting, running or paused). */
  activeJobs(syncTaskId: string): ActiveTransfer[];
  pause(ids: readonly string[]): void;
  resume(ids: readonly string[]): void;
  cancel(ids: readonly string[]): void;
  onSettled(listener: (job: SettledTransfer) => void): () => void;
  /**
   * Makes the folders a sync download writes into, for the task that queued
   * it (the sync engine's guard: only below the task's folder, only while it
   * is the task's). Jobs without a task make their folders as usual.
   */
  setLocalFolderGuard(guard: ((job: { syncTaskId: string; localPath: string }, dir: string) => Promise<void>) | undefined): void;
}
