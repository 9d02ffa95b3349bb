/**
 * What the contract's transfer operations do: plan jobs from the user's
 * choice through the connection's provider, store them, and hand them to the
 * engine; plus queue views and control.
 */
import { stat } from 'node:fs/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import type { ConflictPolicy, ObjectTarget, TransferState } from '@shared/contract/domain';
import { resumeKey } from '@shared/transfers/browser-hold';
import type { ConnectionService } from '../connections/connection-service';
import type { SettingsService } from '../settings/settings-service';
import { browserChunkSize } from './browser-uploads';
import { planFolderZip, type FolderZipRequest } from './folder-zip/folder-zip-plan';
import { planDownloads } from './planner/download-plan';
import { collectLocalFiles } from './planner/local-files';
import { planUploads, type PlanResult } from './planner/upload-plan';
import type { TransferEngine } from './transfer-engine';
import { jobView } from './transfer-store';

export interface UploadTarget {
  connectionId: string;
  root: string;
  targetFolder: string;
  conflict: ConflictPolicy;
}

export interface DownloadRequest {
  connectionId: string;
  root: string;
  targets: readonly ObjectTarget[] | undefined;
  localFolder: string;
  conflict: ConflictPolicy;
}

const BATCH_CONTROL_STATES = {
  pause: ['queued', 'running'],
  resume: ['paused'],
  cancel: ['queued', 'running', 'paused'],
  retry: ['failed'],
} as const satisfies Record<string, readonly TransferState[]>;

export class TransferService {
  constructor(
    readonly engine: TransferEngine,
    private readonly connections: ConnectionService,
    private readonly settings: SettingsService,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {}

  async uploadPaths(target: UploadTarget, paths: readonly string[]) {
    const items = await collectLocalFiles(paths);
    if (items.length === 0) throw new AppError(AppErrorCode.InvalidInput, 'there are no files to upload in what was chosen (empty folders are not stored)');
    const plan = await this.planning(target, () => planUploads({ ...target, provider: this.connections.provider(target.connectionId), items, source: 'disk' }));
    return this.enqueue(plan);
  }

  /**
   * Files a page will send. A file whose earlier upload waits for it (its page
   * went away) takes that job up again, from its next unacknowledged chunk;
   * the others become new jobs. One entry per file, in order.
   */
  async uploadBrowserFiles(target: UploadTarget, files: ReadonlyArray<{ relativePath: string; size: number; lastModified?: number }>) {
    const keyOf = (f: (typeof files)[number]) =>
      resumeKey({ connectionId: target.connectionId, root: target.root, remotePath: target.targetFolder + f.relativePath, size: f.size, lastModified: f.lastModified ?? null });
    const resumable = this.engine.resumableBrowserUploads(new Set(files.map(keyOf)));
    const taken = new Set<string>();
    const resumed = files.map((f) => {
      const found = resumable.get(keyOf(f));
      if (!found || taken.has(found.jobId)) return undefined;
      taken.add(found.jobId);
      return found;
    });
    const fresh = files.filter((_, i) => !resumed[i]);
    const created = fresh.length > 0 ? await this.planBrowserFiles(target, fresh) : { batchId: this.engine.store.get(resumed[0]!.jobId)?.batch_id ?? '', jobs: 0, conflicts: 0, files: [] };
    this.engine.holdBrowserFiles([...taken, ...created.files.map((f) => f.jobId)]); // this page holds them all
    let nextFresh = 0;
    const out = resumed.map((r) => r ?? created.files[nextFresh++]!);
    return { ...created, jobs: created.jobs + taken.size, files: out };
  }

  private async planBrowserFiles(target: UploadTarget, files: ReadonlyArray<{ relativePath: string; size: number; lastModified?: number }>) {
    const provider = this.connections.provider(target.connectionId);
    const threshold = this.settings.get().transfers.multipartThresholdMiB * 1024 * 1024;
    const items = files.map((f) => ({ relative: f.relativePath, size: f.size, localPath: f.relativePath, mtime: f.lastModified }));
    const plan = await this.planning(target, () => planUploads({ ...target, provider, items, source: 'browser' }));
    for (const job of plan.jobs) {
      try {
        job.part_size = browserChunkSize(job.size, threshold, provider.capabilities.multipart);
      } catch (error) {
        // More parts than the service takes: the job fails now, saying so; the page sends it nothing.
        Object.assign(job, { state: 'failed', error_code: AppErrorCode.InvalidInput, error_message: (error as Error).message, part_size: Math.max(job.size, 1) });
      }
    }
    const result = this.enqueue(plan);
    return { ...result, files: plan.jobs.map((j) => ({ jobId: j.id, chunkSize: j.part_size!, next: 0 })) };
  }

  /** A page shows that a file dropped again is the one an upload started with (the digests of its acknowledged chunks). */
  proveBrowserFile(jobId: string, digests: readonly string[]): Promise<{ next: number }> {
    return this.engine.proveBrowserFile(jobId, digests);
  }

  /** A page still holds the files of these browser uploads. */
  holdBrowserFiles(ids: readonly string[]): void {
    this.engine.holdBrowserFiles(ids);
  }

  async download(request: DownloadRequest) {
    const plan = await this.planning(request, () => planDownloads({ ...request, provider: this.connections.provider(request.connectionId), platform: this.platform }));
    if (plan.jobs.length === 0) throw new AppError(AppErrorCode.InvalidInput, 'there is nothing to download there');
    return this.enqueue(plan);
  }

  /** A folder as one job: the service's zip of it, saved as the zip or unpacked. */
  async downloadFolderZip(request: FolderZipRequest) {
    const job = await this.planning(request, () => planFolderZip(this.connections.provider(request.connectionId), request, this.platform));
    const conflicts = (await stat(job.local_path).catch(() => undefined)) ? 1 : 0;
    this.engine.addJobs([job]);
    return { batchId: job.batch_id, jobs: 1, conflicts };
  }

  /** Plans a batch; a not-found from a root deleted elsewhere fails it as that (RootGone, naming the root), once for the whole batch. */
  private async planning<T>(target: { connectionId: string; root: string }, plan: () => Promise<T>): Promise<T> {
    try {
      return await plan();
    } catch (error) {
      throw await this.engine.explainNotFound(error, target.connectionId, target.root);
    }
  }

  private enqueue(plan: PlanResult) {
    this.engine.addJobs(plan.jobs);
    return { batchId: plan.batchId, jobs: plan.jobs.length, conflicts: plan.conflicts };
  }

  control(action: 'pause' | 'resume' | 'cancel' | 'retry', ids: readonly string[] | null): number {
    return this.engine[action](ids);
  }

  /** A command for the jobs of one batch it applies to: retry the failed ones, pause the queued and running ones, and so on. */
  batchControl(batchId: string, action: 'pause' | 'resume' | 'cancel' | 'retry'): number {
    const ids = this.engine.store.batches.idsIn(batchId, BATCH_CONTROL_STATES[action]);
    return ids.length === 0 ? 0 : this.engine[action](ids);
  }

  conflicts(limit: number) {
    const { rows, total } = this.engine.store.waitingConflicts(limit);
    return { jobs: rows.map((r) => jobView(r)), total };
  }
}
