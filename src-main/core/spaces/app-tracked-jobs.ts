/**
 * Imports and exports this app waits on itself: a service without our job
 * extension does the work before it answers createPackage/downloadPackage, so
 * there is no job to poll, only an answer to wait for. Such work shows in the
 * jobs list as `tracking: 'app'` (running, without progress, until the
 * answer comes). Kept in memory: after a restart the service still finishes
 * the work, but this app no longer knows it asked.
 */
import { randomUUID } from 'node:crypto';
import type { SpaceJobView } from '@shared/contract/spaces';
import type { SpaceWorkStart } from '../../providers/user-spaces';
import { toAppError } from '../errors/to-app-error';

/** What the job is about, known before the service answers. */
export type SpaceWorkSubject = Pick<SpaceJobView, 'kind' | 'spaceId' | 'path' | 'bucketRoot' | 'packageRoot' | 'name'>;

/** Finished jobs kept per connection (running ones are always kept). */
const KEEP_FINISHED = 100;

export class AppTrackedJobs {
  private readonly byConnection = new Map<string, Map<string, SpaceJobView>>();

  constructor(private readonly now: () => Date = () => new Date()) {}

  /** Records work still waiting for its answer, and settles it when the answer comes. */
  follow(connectionId: string, subject: SpaceWorkSubject, answer: Promise<SpaceWorkStart>): SpaceJobView {
    const job = this.add(connectionId, subject, 'running');
    answer.then(
      (start) => this.settle(connectionId, job.id, start.kind === 'done' ? { state: 'done', packageRoot: start.packageRoot ?? job.packageRoot } : { state: 'done' }),
      (error: unknown) => {
        const { code, message } = toAppError(error);
        this.settle(connectionId, job.id, { state: 'failed', error: { code, message } });
      },
    );
    return { ...job };
  }

  /** Records work the service had already done when it answered. */
  finished(connectionId: string, subject: SpaceWorkSubject, packageRoot: string | null): SpaceJobView {
    return { ...this.add(connectionId, { ...subject, packageRoot: packageRoot ?? subject.packageRoot }, 'done') };
  }

  list(connectionId: string): SpaceJobView[] {
    return [...(this.byConnection.get(connectionId)?.values() ?? [])].map((job) => ({ ...job }));
  }

  forget(connectionId: string): void {
    this.byConnection.delete(connectionId);
  }

  private add(connectionId: string, subject: SpaceWorkSubject, state: SpaceJobView['state']): SpaceJobView {
    const at = this.now().toISOString();
    const job: SpaceJobView = { ...subject, id: `a${randomUUID()}`, state, filesDone: 0, filesTotal: null, bytesDone: 0, bytesTotal: null, error: null, created: at, updated: at, tracking: 'app' };
    let jobs = this.byConnection.get(connectionId);
    if (!jobs) this.byConnection.set(connectionId, (jobs = new Map<string, SpaceJobView>()));
    jobs.set(job.id, job);
    this.trim(jobs);
    return job;
  }

  private settle(connectionId: string, id: string, change: Partial<SpaceJobView>): void {
    const job = this.byConnection.get(connectionId)?.get(id);
    if (!job) return; // the connection was removed meanwhile
    Object.assign(job, change, { updated: this.now().toISOString() });
  }

  private trim(jobs: Map<string, SpaceJobView>): void {
    const finished = [...jobs.values()].filter((j) => j.state !== 'running');
    for (const job of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) jobs.delete(job.id);
  }
}
