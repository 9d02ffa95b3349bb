/**
 * Where sync's trash keeps things, on both sides: `.jcs-trash/<YYYY-MM-DD
 * HHMMSS>/<path>` inside the local folder, and the same under the task's
 * remote path. The stamp is the run's time on the user's clock; entries older
 * than the task's limit are emptied by full runs.
 */
import { remotePathProblem, type RemotePathProblem } from '@shared/paths/remote-path';
import { TRASH_FOLDER } from './path-filter';

const STAMP = /^(\d{4})-(\d{2})-(\d{2}) (\d{2})(\d{2})(\d{2})$/;

export function trashStamp(now: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())} ${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
}

/** The time a stamp names, or undefined when it names none (such a folder is not the trash's and is never emptied). */
export function stampTime(stamp: string): number | undefined {
  const m = STAMP.exec(stamp);
  return m ? new Date(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6])).getTime() : undefined;
}

/** Relative trash path for a file (forward slashes). */
export function trashPathFor(stamp: string, rel: string): string {
  return `${TRASH_FOLDER}/${stamp}/${rel}`;
}

/** The path inside the trash a trash path names (`.jcs-trash/<stamp>/<path>`), or the reason it does not name one. */
export function trashEntryPath(trashPath: string): string | RemotePathProblem {
  const problem = remotePathProblem(trashPath);
  if (problem) return problem;
  const m = /^\.jcs-trash\/[^/]+\/(.+)$/.exec(trashPath);
  return m ? m[1]! : { reason: 'notUnderFolder', detail: 'is not a trash entry' };
}
