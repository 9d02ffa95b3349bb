import type { CoreNodeServices } from '../../node-services';
import type { SpaceBackend } from '../space-backend';
import type { SpaceCatalog, UserSpaceRecord } from '../space-catalog';
import type { JobStore } from './job-store';

/** What import and export jobs work with. */
export interface JobContext {
  node: CoreNodeServices;
  spaces: SpaceCatalog;
  jobs: JobStore;
  /** A backend for the space, closed by the caller when done. */
  openBackend(space: UserSpaceRecord): Promise<SpaceBackend>;
  now(): number;
  /** Counts a job's progress, written to its row at most a few times a second. */
  progress(jobId: number, filesDone: number, bytesDone: number): ProgressRecorder;
}

export interface ProgressRecorder {
  add(files: number, bytes: number): void;
  /** Writes what is counted now. */
  flush(): void;
}

/** Progress rows are written at most this often (a 10,000-file import would otherwise write 10,000 times). */
const PROGRESS_EVERY_MS = 250;

export function progressRecorder(jobs: JobStore, now: () => number, jobId: number, filesDone: number, bytesDone: number): ProgressRecorder {
  let files = filesDone;
  let bytes = bytesDone;
  let written = 0;
  const flush = () => {
    written = now();
    jobs.progress(jobId, files, bytes, written);
  };
  flush();
  return {
    add(moreFiles, moreBytes) {
      files += moreFiles;
      bytes += moreBytes;
      if (now() - written >= PROGRESS_EVERY_MS) flush();
    },
    flush,
  };
}
