/** How spaces, folders in them, jobs and tasks are shown: pure helpers for the Spaces page. */
import type { TFunction } from 'i18next';
import type { SpaceJobView, SpaceTaskView, SpaceView } from '@shared/contract/spaces';

/** Where a space keeps its files: a Local folder, or endpoint and bucket (AWS when no endpoint is set). */
export function spaceRoot(space: SpaceView): string {
  if (space.localPath !== undefined) return space.localPath;
  if (space.bucket !== undefined) return `${space.endpoint || 'AWS S3'} · ${space.bucket}`;
  return '';
}

/** The folders from the root down to `path` ('a/b/c' → 'a', 'a/b', 'a/b/c'); none for the root. */
export function pathCrumbs(path: string): string[] {
  if (path === '') return [];
  const parts = path.split('/');
  return parts.map((_, i) => parts.slice(0, i + 1).join('/'));
}

export function lastSegment(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? path : path.slice(slash + 1);
}

export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** How far a job is, 0–1, by bytes where the total is known, else by files; null while the service has not counted yet. */
export function jobFraction(job: SpaceJobView): number | null {
  if (job.state === 'done') return 1;
  if (job.bytesTotal !== null && job.bytesTotal > 0) return Math.min(1, job.bytesDone / job.bytesTotal);
  if (job.filesTotal !== null && job.filesTotal > 0) return Math.min(1, job.filesDone / job.filesTotal);
  if (job.filesTotal === 0) return job.state === 'running' ? 0 : 1;
  return null;
}

/** How often to ask again: fast while something runs, slowly while tasks wait for their next pass, not at all otherwise. */
export function jobsRefetchMs(jobs: readonly SpaceJobView[] | undefined): number | false {
  return jobs?.some((j) => j.state === 'running') ? 1000 : false;
}

export function tasksRefetchMs(tasks: readonly SpaceTaskView[] | undefined): number | false {
  if (!tasks) return false;
  if (tasks.some((t) => t.status === 'running')) return 1000;
  return tasks.some((t) => t.status === 'idle' || t.status === 'unknown') ? 5000 : false;
}

export type Tone = 'ok' | 'busy' | 'muted' | 'danger';

export function taskTone(task: SpaceTaskView): Tone {
  if (task.status === 'running') return 'busy';
  if (task.status === 'cancelled') return 'muted';
  if (task.lastError) return 'danger';
  return 'ok';
}

export function jobTone(job: SpaceJobView): Tone {
  return job.state === 'running' ? 'busy' : job.state === 'failed' ? 'danger' : 'ok';
}

/** A space's name for lists, by id (a space deleted since is shown by its id). */
export function spaceName(spaces: readonly SpaceView[] | undefined, id: number): string | undefined {
  return spaces?.find((s) => s.id === id)?.name;
}

/** "every 5 minutes": the largest unit that divides the interval. */
export function intervalText(seconds: number, t: TFunction): string {
  for (const [unit, size] of [
    ['day', 86_400],
    ['hour', 3600],
    ['minute', 60],
  ] as const) {
    if (seconds >= size && seconds % size === 0) return t(`spaces.tasks.every.${unit}`, { count: seconds / size });
  }
  return t('spaces.tasks.every.second', { count: seconds });
}
