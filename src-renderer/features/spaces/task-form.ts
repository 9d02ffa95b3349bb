/**
 * The space sync task form as plain data: a source (space and path), one or
 * more destinations (space and path each), the interval, the Diff options,
 * size bounds with a unit, and the problems to show (keys of
 * `spaces.problem.*`, field names as in `TaskProblems`).
 */
import { MAX_INTERVAL_SECONDS, MAX_TASK_DESTINATIONS, spacePathProblem } from '@shared/contract/spaces';

export const SIZE_UNITS = ['B', 'KiB', 'MiB', 'GiB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
const UNIT_BYTES: Readonly<Record<SizeUnit, number>> = { B: 1, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };

export interface Destination {
  spaceId: string;
  path: string;
}

export interface TaskForm {
  srcSpaceId: string;
  srcPath: string;
  destinations: Destination[];
  intervalSeconds: string;
  includeSize: boolean;
  includeModTime: boolean;
  minSize: string;
  minUnit: SizeUnit;
  maxSize: string;
  maxUnit: SizeUnit;
  noEmptyDirectories: boolean;
}

export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}
/** Keys: 'srcSpaceId', 'srcPath', 'intervalSeconds', 'minSize', 'maxSize', `dest.<i>.spaceId`, `dest.<i>.path`. */
export type TaskProblems = Record<string, FieldProblem | undefined>;

export function defaultTaskForm(): TaskForm {
  return { srcSpaceId: '', srcPath: '', destinations: [{ spaceId: '', path: '' }], intervalSeconds: '300', includeSize: true, includeModTime: true, minSize: '', minUnit: 'MiB', maxSize: '', maxUnit: 'MiB', noEmptyDirectories: false };
}

/** Bytes for a size typed with its unit; undefined when blank, NaN when not a non-negative number. */
export function sizeInBytes(text: string, unit: SizeUnit): number | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return NaN;
  const bytes = Math.round(Number(trimmed) * UNIT_BYTES[unit]);
  return Number.isSafeInteger(bytes) ? bytes : NaN;
}

/** Whether `a` is `b` or lies below it, or the other way round ('' holds everything). */
export function overlaps(a: string, b: string): boolean {
  const within = (path: string, folder: string) => folder === '' || path === folder || path.startsWith(`${folder}/`);
  return within(a, b) || within(b, a);
}

export function taskFormProblems(form: TaskForm): TaskProblems {
  const problems: TaskProblems = {};
  if (form.srcSpaceId === '') problems.srcSpaceId = { key: 'spaceRequired' };
  const srcProblem = spacePathProblem(form.srcPath);
  if (srcProblem) problems.srcPath = { key: 'pathInvalid', values: { detail: srcProblem } };
  const seen = new Set<string>();
  form.destinations.forEach((dest, i) => {
    if (dest.spaceId === '') problems[`dest.${i}.spaceId`] = { key: 'spaceRequired' };
    const problem = spacePathProblem(dest.path);
    if (problem) problems[`dest.${i}.path`] = { key: 'pathInvalid', values: { detail: problem } };
    else if (dest.spaceId !== '' && dest.spaceId === form.srcSpaceId && !srcProblem && overlaps(dest.path, form.srcPath)) problems[`dest.${i}.path`] = { key: 'destOverlapsSource' };
    else if (dest.spaceId !== '' && seen.has(`${dest.spaceId}\n${dest.path}`)) problems[`dest.${i}.path`] = { key: 'destRepeated' };
    seen.add(`${dest.spaceId}\n${dest.path}`);
  });
  const interval = Number(form.intervalSeconds.trim());
  if (!/^\d+$/.test(form.intervalSeconds.trim()) || interval < 1 || interval > MAX_INTERVAL_SECONDS) problems.intervalSeconds = { key: 'intervalRange', values: { max: MAX_INTERVAL_SECONDS } };
  const min = sizeInBytes(form.minSize, form.minUnit);
  const max = sizeInBytes(form.maxSize, form.maxUnit);
  if (Number.isNaN(min)) problems.minSize = { key: 'sizeInvalid' };
  if (Number.isNaN(max)) problems.maxSize = { key: 'sizeInvalid' };
  else if (max !== undefined && min !== undefined && !Number.isNaN(min) && max < min) problems.maxSize = { key: 'maxBelowMin' };
  return problems;
}

export function canAddDestination(form: TaskForm): boolean {
  return form.destinations.length < MAX_TASK_DESTINATIONS;
}

/** The `spaces.tasks.create` input (without the connection); call only when `taskFormProblems` finds none. */
export function taskInput(form: TaskForm) {
  const min = sizeInBytes(form.minSize, form.minUnit);
  const max = sizeInBytes(form.maxSize, form.maxUnit);
  return {
    srcSpaceId: Number(form.srcSpaceId),
    srcPath: form.srcPath,
    destinations: form.destinations.map((d) => ({ spaceId: Number(d.spaceId), path: d.path })),
    intervalSeconds: Number(form.intervalSeconds.trim()),
    includeSize: form.includeSize,
    includeModTime: form.includeModTime,
    ...(min === undefined ? {} : { minSize: min }),
    ...(max === undefined ? {} : { maxSize: max }),
    noEmptyDirectories: form.noEmptyDirectories,
  };
}
