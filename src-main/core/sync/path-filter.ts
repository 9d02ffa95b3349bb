/**
 * Which paths a sync task looks at. Always left out: the trash, unfinished
 * downloads and upload staging (the engine's own files). Then the task's
 * filters: glob Include (only matching files) and Exclude, file size, and the
 * ignore file `.jcsignore` at the folder's root: one glob per line, `#`
 * comments, `!` to take an exclusion back, the last matching line wins (like
 * .gitignore / .stignore). A pattern without '/' matches a name at any depth;
 * one with '/' is anchored at the root. A matching folder excludes its subtree.
 * A task on a service without folders leaves out every folder: it syncs the
 * files directly in the local folder (remote-side.ts).
 */
import picomatch from 'picomatch';
import type { SyncFilter } from '@shared/contract/sync';

export const TRASH_FOLDER = '.jcs-trash';
export const IGNORE_FILE = '.jcsignore';
const ENGINE_FILES = [`${TRASH_FOLDER}`, `${TRASH_FOLDER}/**`, '.jcs-uploads', '.jcs-uploads/**', '**/*.jcs-download'];
/** Every engine pattern needs this in the path: without it, none can match (the common case, checked first). */
const ENGINE_MARK = '.jcs-';

type Matcher = (path: string) => boolean;

/**
 * Compiled pattern lists. A filter is built for every run and for every path
 * the folder watcher looks at (100,000 times when it starts on a big folder),
 * always from the same few lists; compiling is what costs. Matchers are pure.
 */
const compiled = new Map<string, Matcher>();
const COMPILED_MAX = 500;

function compile(patterns: readonly string[]): Matcher {
  if (patterns.length === 0) return () => false;
  const key = JSON.stringify(patterns);
  let matcher = compiled.get(key);
  if (!matcher) {
    const options = { dot: true, basename: true };
    const matchers = patterns.map((p) => picomatch(p.replace(/^\/+/, '').replace(/\/+$/, ''), { ...options, basename: !p.replace(/\/+$/, '').includes('/') }));
    matcher = (path) => matchers.some((m) => m(path));
    if (compiled.size >= COMPILED_MAX) compiled.clear();
    compiled.set(key, matcher);
  }
  return matcher;
}

const engineMatcher = compile(ENGINE_FILES);

export interface IgnoreRule {
  negated: boolean;
  match: Matcher;
}

export function parseIgnoreFile(text: string): IgnoreRule[] {
  const rules: IgnoreRule[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    const pattern = negated ? line.slice(1).trim() : line;
    if (pattern) rules.push({ negated, match: compile([pattern]) });
  }
  return rules;
}

export class PathFilter {
  private readonly engineFiles = (path: string) => path.includes(ENGINE_MARK) && engineMatcher(path);
  /** folderIncluded by path: a scan asks about the same few folders for every file in them. */
  private readonly folders = new Map<string, boolean>();
  private readonly include: Matcher | undefined;
  private readonly exclude: Matcher;
  private readonly minSize: number;
  private readonly maxSize: number;
  /** No exclusion, no ignore rule, not flat: a folder is left out only as one of the engine's own. */
  private readonly onlyEngineFolders: boolean;

  constructor(
    filters: readonly SyncFilter[],
    private readonly ignoreRules: readonly IgnoreRule[] = [],
    private readonly options: { flat?: boolean } = {},
  ) {
    const includes = filters.flatMap((f) => (f.type === 'Include' ? f.patterns : []));
    this.include = includes.length ? compile(includes) : undefined;
    this.exclude = compile(filters.flatMap((f) => (f.type === 'Exclude' ? f.patterns : [])));
    this.minSize = Math.max(0, ...filters.flatMap((f) => (f.type === 'Size' && f.minSize !== undefined ? [f.minSize] : [])));
    this.maxSize = Math.min(Number.MAX_SAFE_INTEGER, ...filters.flatMap((f) => (f.type === 'Size' && f.maxSize !== undefined ? [f.maxSize] : [])));
    this.onlyEngineFolders = !options.flat && ignoreRules.length === 0 && !filters.some((f) => f.type === 'Exclude' && f.patterns.length > 0);
  }

  /** False for a folder whose whole subtree is left out (the scan does not descend into it). */
  folderIncluded(path: string): boolean {
    let included = this.folders.get(path);
    if (included === undefined) {
      included = !this.options.flat && !this.engineFiles(path) && !this.exclude(path) && !this.ignored(path);
      this.folders.set(path, included);
    }
    return included;
  }

  /** Whether a file (relative path, '/'-separated) is synced. */
  fileIncluded(path: string, size: number): boolean {
    if (this.engineFiles(path) || path === IGNORE_FILE) return path === IGNORE_FILE; // the ignore file itself syncs
    if (size < this.minSize || size > this.maxSize) return false;
    if (this.exclude(path) || this.ignored(path)) return false;
    if (this.include && !this.include(path)) return false;
    // A file inside an excluded folder is out too (remote listings are flat, so check every ancestor),
    // unless no folder can be excluded but the engine's, and none of those is on the path (most tasks: a scan asks for every file).
    if (this.onlyEngineFolders && !path.includes(ENGINE_MARK)) return true;
    for (let slash = path.indexOf('/'); slash > 0; slash = path.indexOf('/', slash + 1)) {
      if (!this.folderIncluded(path.slice(0, slash))) return false;
    }
    return true;
  }

  private ignored(path: string): boolean {
    let ignored = false;
    for (const rule of this.ignoreRules) if (rule.match(path)) ignored = !rule.negated;
    return ignored;
  }
}
