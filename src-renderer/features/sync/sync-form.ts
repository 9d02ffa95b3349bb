/**
 * The task form's state and its conversion to and from the contract's task
 * configuration. Inputs keep what the user typed (numbers as text), so
 * validation can point at the field; `configFromForm` runs only on a form
 * without problems. Pure: unit-tested in Node.
 */
import { DEFAULT_SYNC_OPTIONS, type SyncDirection, type SyncFilter, type SyncTaskConfig } from '@shared/contract/sync';
import { pathPrefixProblem } from '@shared/jcs/object-path';

export const SIZE_UNITS = ['B', 'KB', 'MB', 'GB'] as const;
export type SizeUnit = (typeof SIZE_UNITS)[number];
const UNIT_BYTES: Record<SizeUnit, number> = { B: 1, KB: 1024, MB: 1024 ** 2, GB: 1024 ** 3 };

export type TriggerType = SyncTaskConfig['trigger']['type'];

export interface SyncForm {
  name: string;
  localPath: string;
  connectionId: string;
  /**
   * The roots chosen above the task's root, outermost first, one per level of
   * the connection's root tree but the last (JCS: the bucket). Only the form
   * uses them; editing a task starts without them (they are looked up).
   */
  rootPath: string[];
  /** The root the task syncs with, on the last level (JCS: the package); null until chosen. */
  root: string | null;
  remotePath: string;
  direction: SyncDirection;
  triggerType: TriggerType;
  intervalSeconds: string;
  includeSize: boolean;
  includeModTime: boolean;
  checkHash: boolean;
  minSize: string;
  minSizeUnit: SizeUnit;
  maxSize: string;
  maxSizeUnit: SizeUnit;
  /** One glob per line. */
  include: string;
  exclude: string;
  propagateDeletions: boolean;
  guardMaxFiles: string;
  guardMaxPercent: string;
  dryRun: boolean;
  noEmptyDirectories: boolean;
  trashDays: string;
}

export type FormKey = keyof SyncForm;
/** A level of the root tree in the form (its select), by index: `root.0`, `root.1`... */
export type RootField = `root.${number}`;
export type FormField = FormKey | RootField;

/** What the form needs to know of the chosen connection's service (its capabilities). */
export interface RemoteShape {
  /** The root tree's levels, outermost first (capabilities.rootLevels' keys); empty while unknown. */
  levels: readonly string[];
  /** Paths may have folders (capabilities.folders is not 'none'). */
  folders: boolean;
}

/** Levels the form has words for; another level is asked for by its number. */
const NAMED_LEVELS = new Set(['bucket', 'package', 'space']);

export function rootField(level: number): RootField {
  return `root.${level}`;
}

/** A problem with a field: a key under `sync.problem` and its values. */
export interface FieldProblem {
  key: string;
  values?: Record<string, string | number>;
}
export type FormProblems = Partial<Record<FormField, FieldProblem>>;

export const MIN_INTERVAL_SECONDS = 10;
export const MAX_INTERVAL_SECONDS = 7 * 24 * 3600;
const MAX_PATTERNS = 200;
const MAX_PATTERN_LENGTH = 512;

export function defaultForm(connectionId = ''): SyncForm {
  return {
    name: '',
    localPath: '',
    connectionId,
    rootPath: [],
    root: null,
    remotePath: '',
    direction: 'twoWay',
    triggerType: 'Watch',
    intervalSeconds: '300',
    includeSize: true,
    includeModTime: true,
    checkHash: false,
    minSize: '',
    minSizeUnit: 'KB',
    maxSize: '',
    maxSizeUnit: 'MB',
    include: '',
    exclude: '',
    propagateDeletions: DEFAULT_SYNC_OPTIONS.propagateDeletions,
    guardMaxFiles: String(DEFAULT_SYNC_OPTIONS.deletionGuard.maxFiles),
    guardMaxPercent: String(DEFAULT_SYNC_OPTIONS.deletionGuard.maxPercent),
    dryRun: DEFAULT_SYNC_OPTIONS.dryRun,
    noEmptyDirectories: DEFAULT_SYNC_OPTIONS.noEmptyDirectories,
    trashDays: String(DEFAULT_SYNC_OPTIONS.trashDays),
  };
}

/** Patterns from a multi-line field: one per line, trimmed; blank lines and `#` comments dropped. */
export function parsePatterns(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

export function patternsText(patterns: readonly string[]): string {
  return patterns.join('\n');
}

/** A byte count as the largest unit that holds it exactly (2048 → 2 KB; 1500 → 1500 B). */
export function sizeInput(bytes: number): { value: string; unit: SizeUnit } {
  for (const unit of [...SIZE_UNITS].reverse()) {
    if (bytes > 0 && bytes % UNIT_BYTES[unit] === 0) return { value: String(bytes / UNIT_BYTES[unit]), unit };
  }
  return { value: String(bytes), unit: 'B' };
}

/** Bytes for a size field; undefined when empty; NaN when not a non-negative number. */
export function sizeBytes(value: string, unit: SizeUnit): number | undefined {
  const text = value.trim();
  if (text === '') return undefined;
  if (!/^\d+(\.\d+)?$/.test(text)) return Number.NaN;
  return Math.round(Number(text) * UNIT_BYTES[unit]);
}

function wholeNumber(value: string): number | undefined {
  const text = value.trim();
  return /^\d+$/.test(text) ? Number(text) : undefined;
}

function decimalNumber(value: string): number | undefined {
  const text = value.trim();
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/** True for an absolute path on POSIX (`/…`) or Windows (`C:\…`, `\\server\…`). */
export function isAbsoluteHostPath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** Why a remote folder is not acceptable: '' (the package root) or a folder path ending in '/'. */
export function remotePathProblem(path: string): FieldProblem | undefined {
  if (path === '') return undefined;
  if (path.startsWith('/')) return { key: 'remoteLeadingSlash' };
  if (!path.endsWith('/')) return { key: 'remoteTrailingSlash', values: { suggestion: `${path}/` } };
  const problem = pathPrefixProblem(path);
  return problem ? { key: 'remoteInvalid', values: { problem } } : undefined;
}

function patternsProblem(text: string): FieldProblem | undefined {
  const patterns = parsePatterns(text);
  if (patterns.length > MAX_PATTERNS) return { key: 'tooManyPatterns', values: { max: MAX_PATTERNS } };
  const long = patterns.find((p) => p.length > MAX_PATTERN_LENGTH);
  return long ? { key: 'patternTooLong', values: { max: MAX_PATTERN_LENGTH } } : undefined;
}

function levelProblem(key: string, level: number): FieldProblem {
  return NAMED_LEVELS.has(key) ? { key: `${key}Required` } : { key: 'rootRequired', values: { level: level + 1 } };
}

/** Every problem of the form, by field; empty when it can be saved. */
export function validateForm(form: SyncForm, remote: RemoteShape): FormProblems {
  const problems: FormProblems = {};
  const name = form.name.trim();
  if (name === '') problems.name = { key: 'nameRequired' };
  else if (name.length > 100) problems.name = { key: 'nameTooLong', values: { max: 100 } };
  const localPath = form.localPath.trim();
  if (localPath === '') problems.localPath = { key: 'localRequired' };
  else if (!isAbsoluteHostPath(localPath)) problems.localPath = { key: 'localAbsolute' };
  if (!form.connectionId) problems.connectionId = { key: 'connectionRequired' };
  if (form.root === null) {
    // Each level not chosen yet says so (the levels above a root being edited are known to be chosen).
    const last = Math.max(remote.levels.length - 1, 0);
    for (let level = 0; level < last; level++) if (form.rootPath[level] === undefined) problems[rootField(level)] = levelProblem(remote.levels[level]!, level);
    problems[rootField(last)] = levelProblem(remote.levels[last] ?? '', last);
  }
  const remotePath = remote.folders || form.remotePath === '' ? remotePathProblem(form.remotePath) : { key: 'remoteNoFolders' };
  if (remotePath) problems.remotePath = remotePath;
  if (form.triggerType === 'Interval') {
    const seconds = wholeNumber(form.intervalSeconds);
    if (seconds === undefined || seconds < MIN_INTERVAL_SECONDS || seconds > MAX_INTERVAL_SECONDS) {
      problems.intervalSeconds = { key: 'intervalRange', values: { min: MIN_INTERVAL_SECONDS, max: MAX_INTERVAL_SECONDS } };
    }
  }
  if (!form.includeSize && !form.includeModTime && !form.checkHash) problems.includeSize = { key: 'compareSomething' };
  const min = sizeBytes(form.minSize, form.minSizeUnit);
  const max = sizeBytes(form.maxSize, form.maxSizeUnit);
  if (Number.isNaN(min)) problems.minSize = { key: 'sizeNumber' };
  if (Number.isNaN(max)) problems.maxSize = { key: 'sizeNumber' };
  else if (min !== undefined && max !== undefined && !Number.isNaN(min) && max < min) problems.maxSize = { key: 'maxBelowMin' };
  const include = patternsProblem(form.include);
  if (include) problems.include = include;
  const exclude = patternsProblem(form.exclude);
  if (exclude) problems.exclude = exclude;
  if (wholeNumber(form.guardMaxFiles) === undefined) problems.guardMaxFiles = { key: 'wholeNumber' };
  const percent = decimalNumber(form.guardMaxPercent);
  if (percent === undefined || percent > 100) problems.guardMaxPercent = { key: 'percentRange' };
  const days = wholeNumber(form.trashDays);
  if (days === undefined || days < 1 || days > 3650) problems.trashDays = { key: 'trashDaysRange', values: { min: 1, max: 3650 } };
  return problems;
}

export function hasProblems(problems: FormProblems): boolean {
  return Object.keys(problems).length > 0;
}

/** The task configuration of a valid form (see validateForm). */
export function configFromForm(form: SyncForm): SyncTaskConfig {
  const filters: SyncFilter[] = [];
  const minSize = sizeBytes(form.minSize, form.minSizeUnit);
  const maxSize = sizeBytes(form.maxSize, form.maxSizeUnit);
  if (minSize !== undefined || maxSize !== undefined) {
    filters.push({ type: 'Size', ...(minSize !== undefined && { minSize }), ...(maxSize !== undefined && { maxSize }) });
  }
  const include = parsePatterns(form.include);
  if (include.length) filters.push({ type: 'Include', patterns: include });
  const exclude = parsePatterns(form.exclude);
  if (exclude.length) filters.push({ type: 'Exclude', patterns: exclude });
  const trigger: SyncTaskConfig['trigger'] =
    form.triggerType === 'Interval' ? { type: 'Interval', interval: Number(form.intervalSeconds.trim()) } : { type: form.triggerType };
  return {
    name: form.name.trim(),
    localPath: form.localPath.trim(),
    connectionId: form.connectionId,
    root: form.root ?? '',
    remotePath: form.remotePath,
    direction: form.direction,
    trigger,
    mode: { type: 'Diff', includeSize: form.includeSize, includeModTime: form.includeModTime, checkHash: form.checkHash },
    filters,
    options: {
      propagateDeletions: form.propagateDeletions,
      deletionGuard: { maxFiles: Number(form.guardMaxFiles.trim()), maxPercent: Number(form.guardMaxPercent.trim()) },
      dryRun: form.dryRun,
      noEmptyDirectories: form.noEmptyDirectories,
      trashDays: Number(form.trashDays.trim()),
    },
  };
}

/** The form for editing a task. Several filters of one kind merge (patterns join; the tightest sizes win). */
export function formFromConfig(config: SyncTaskConfig): SyncForm {
  const base = defaultForm(config.connectionId);
  let minSize: number | undefined;
  let maxSize: number | undefined;
  const include: string[] = [];
  const exclude: string[] = [];
  for (const filter of config.filters) {
    if (filter.type === 'Size') {
      if (filter.minSize !== undefined) minSize = Math.max(minSize ?? 0, filter.minSize);
      if (filter.maxSize !== undefined) maxSize = Math.min(maxSize ?? Infinity, filter.maxSize);
    } else if (filter.type === 'Include') include.push(...filter.patterns);
    else exclude.push(...filter.patterns);
  }
  const min = minSize === undefined ? undefined : sizeInput(minSize);
  const max = maxSize === undefined ? undefined : sizeInput(maxSize);
  return {
    ...base,
    name: config.name,
    localPath: config.localPath,
    root: config.root,
    remotePath: config.remotePath,
    direction: config.direction,
    triggerType: config.trigger.type,
    intervalSeconds: config.trigger.type === 'Interval' ? String(config.trigger.interval) : base.intervalSeconds,
    includeSize: config.mode.includeSize,
    includeModTime: config.mode.includeModTime,
    checkHash: config.mode.checkHash,
    minSize: min?.value ?? '',
    minSizeUnit: min?.unit ?? base.minSizeUnit,
    maxSize: max?.value ?? '',
    maxSizeUnit: max?.unit ?? base.maxSizeUnit,
    include: patternsText(include),
    exclude: patternsText(exclude),
    propagateDeletions: config.options.propagateDeletions,
    guardMaxFiles: String(config.options.deletionGuard.maxFiles),
    guardMaxPercent: String(config.options.deletionGuard.maxPercent),
    dryRun: config.options.dryRun,
    noEmptyDirectories: config.options.noEmptyDirectories,
    trashDays: String(config.options.trashDays),
  };
}

/** A task name from a folder path's last segment ("/home/me/Photos" → "Photos"). */
export function nameFromPath(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}
