/**
 * Runs node jobs: a new one at once, the ones a stop or crash interrupted
 * when the node starts again. A failure ends the job with its JCS code and
 * message; a node shutting down only interrupts it (the row stays `running`,
 * and the next start resumes it).
 */
import { setMaxListeners } from 'node:events';
import { asNodeError } from '../space-errors';
import type { JobContext } from './job-context';
import type { JobRow } from './job-store';
import { runExport } from './export-job';
import { runImport } from './import-job';

export class JobRunner {
  private readonly active = new Map<number, Promise<JobRow>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly ctx: JobContext,
    private readonly log: (message: string, error?: unknown) => void,
  ) {
    // Every file a job moves listens on this one signal for a while (32 at once per job, several jobs).
    setMaxListeners(256, this.stopping.signal);
  }


  /** Starts a job (a row just created, or one resumed); the promise gives its final row. */
  run(job: JobRow): Promise<JobRow> {
    const existing = this.active.get(job.job_id);
    if (existing) return existing;
    const work = this.execute(job).finally(() => this.active.delete(job.job_id));
    this.active.set(job.job_id, work);
    return work;
  }

  /** The final row of a job running here, or its row now when it is not running. */
  wait(jobId: number): Promise<JobRow> {
    return this.active.get(jobId) ?? Promise.resolve(this.ctx.jobs.require(jobId));
  }

  resumeInterrupted(): void {
    for (const job of this.ctx.jobs.running()) void this.run(job);
  }

  /** Interrupts every job (they resume at the next start) and waits for them to stop touching files. */
  async stop(): Promise<void> {
    this.stopping.abort(new Error('the storage node is stopping'));
    await Promise.allSettled([...this.active.values()]);
  }

  private async execute(job: JobRow): Promise<JobRow> {
    const signal = this.stopping.signal;
    try {
      if (job.kind === 'createPackage') await runImport(this.ctx, job, signal);
      else await runExport(this.ctx, job, signal);
    } catch (error) {
      if (signal.aborted) return this.ctx.jobs.require(job.job_id); // interrupted, not failed: resumed at the next start
      const failure = asNodeError(error);
      if (failure.code === 'OperationFailed') this.log(`${job.kind} job ${job.job_id} failed`, error);
      try {
        this.ctx.jobs.finish(job.job_id, { state: 'failed', code: failure.code, message: failure.message }, this.ctx.now());
      } catch (recordError) {
        this.log(`recording the failure of job ${job.job_id} failed`, recordError);
      }
      this.ctx.node.collector.schedule();
    }
    return this.ctx.jobs.require(job.job_id);
  }
}
