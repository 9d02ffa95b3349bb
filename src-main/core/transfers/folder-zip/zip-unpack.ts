/**
 * Unpacks a folder zip the service sent into a staging folder, entry by
 * entry, with yauzl: the central directory is read first (count and declared
 * sizes bounded before a byte is written), every entry is gated
 * (zip-entry-gate.ts), and what is inflated is counted against the entry's
 * declared size and the total bound as it arrives. An entry that is refused
 * or turns out broken is reported and skipped; only a broken bound, a full
 * disk or a cancel stops the whole unpack. Files are created exclusively
 * ('wx'): a zip naming one file twice cannot make the second overwrite the
 * first, and nothing is ever written through a link (none is created).
 */
import { createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname } from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { checkRealPathInside } from '../../paths/local-target';
import type { UnpackLimits } from './unpack-limits';
import { decodeName, folderPrefixInZip, gateEntry, type RawZipEntry } from './zip-entry-gate';

export interface Refusal {
  path: string;
  reason: string;
}

export interface UnpackResult {
  files: number;
  bytes: number;
  refused: Refusal[];
}

export interface UnpackOptions {
  /** The folder's prefix on the service ('' or ending in '/'), as it was asked for. */
  folderPrefix: string;
  limits: UnpackLimits;
  platform: NodeJS.Platform;
  signal: AbortSignal;
}

class BoundExceeded extends AppError {
  constructor(message: string) {
    super(AppErrorCode.OperationFailed, `${message}; nothing was unpacked`);
  }
}

export async function unpackZip(zipPath: string, staging: string, options: UnpackOptions): Promise<UnpackResult> {
  const { limits, signal } = options;
  const zip = await openZip(zipPath);
  try {
    if (zip.entryCount > limits.maxEntries) throw new BoundExceeded(`the zip holds ${zip.entryCount} entries, more than the ${limits.maxEntries} allowed`);
    const entries = await readDirectory(zip, limits);
    const names = entries.map((e) => decodeName(rawOf(e)));
    const inZip = folderPrefixInZip(names.filter((n): n is string => n !== undefined), options.folderPrefix);
    const refused: Refusal[] = [];
    const plan: Array<{ entry: yauzl.Entry; target: string; isDir: boolean }> = [];
    let declared = 0;
    // An entry the zip places "inside" a link it also holds was meant to be written through that link: refused too.
    const gatedEntries = entries.map((e, i) => gateEntry(rawOf(e), names[i], inZip, staging, options.platform));
    const links = gatedEntries.flatMap((g) => (!g.accepted && 'linkRel' in g && g.linkRel ? [`${g.linkRel}/`] : []));
    entries.forEach((entry, i) => {
      const gated = gatedEntries[i]!;
      if (gated.accepted && links.some((link) => gated.rel.startsWith(link))) refused.push({ path: names[i] ?? '', reason: 'underSymlink' });
      else if (gated.accepted) {
        plan.push({ entry, target: gated.target, isDir: gated.isDir });
        if (!gated.isDir) declared += entry.uncompressedSize;
      } else if (gated.path !== null) refused.push({ path: gated.path, reason: gated.reason });
    });
    if (declared > limits.maxTotalBytes) throw new BoundExceeded(`the zip's files would take ${declared} bytes unpacked, more than the ${limits.maxTotalBytes} allowed`);

    await mkdir(staging, { recursive: true });
    let inflated = 0;
    let files = 0;
    for (const { entry, target, isDir } of plan) {
      signal.throwIfAborted();
      const shown = decodeName(rawOf(entry)) ?? '';
      try {
        const problem = await checkRealPathInside(staging, target);
        if (problem) throw Object.assign(new Error(problem.detail), { refusal: problem.reason });
        if (isDir) {
          await mkdir(target, { recursive: true });
          continue;
        }
        await mkdir(dirname(target), { recursive: true });
        const counter = countingStream(entry.uncompressedSize, (n) => {
          inflated += n;
          if (inflated > limits.maxTotalBytes) throw new BoundExceeded(`the zip inflates to more than the ${limits.maxTotalBytes} bytes allowed`);
        });
        try {
          await pipeline(await openEntry(zip, entry), counter, createWriteStream(target, { flags: 'wx', mode: 0o644 }), { signal });
        } catch (error) {
          if ((error as NodeJS.ErrnoException).code !== 'EEXIST') await rm(target, { force: true });
          throw error;
        }
        files++;
      } catch (error) {
        if (error instanceof BoundExceeded || signal.aborted) throw error;
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') throw new AppError(AppErrorCode.DiskFull, 'not enough space on disk to unpack the folder');
        refused.push({ path: shown, reason: refusalReason(error) });
      }
    }
    return { files, bytes: inflated, refused };
  } finally {
    zip.close();
  }
}

function refusalReason(error: unknown): string {
  const refusal = (error as { refusal?: string }).refusal;
  if (refusal) return refusal;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') return 'clashesWithAnotherEntry';
  if (error instanceof SizeLie) return 'sizeMismatch';
  return 'unreadable';
}

class SizeLie extends Error {}

/** Passes bytes on while there are no more than the entry declared; counts them into the total. */
function countingStream(declared: number, count: (bytes: number) => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > declared) return callback(new SizeLie(`more bytes than the ${declared} the entry declares`));
      try {
        count(chunk.length);
      } catch (error) {
        return callback(error as Error);
      }
      callback(null, chunk);
    },
  });
}

function rawOf(entry: yauzl.Entry): RawZipEntry {
  const madeOnUnix = entry.versionMadeBy >> 8 === 3;
  return {
    // decodeStrings: false gives the raw bytes (and skips yauzl's name checks: ours are above).
    nameBytes: entry.fileName as unknown as Buffer,
    mode: madeOnUnix ? (entry.externalFileAttributes >>> 16) & 0xffff : 0,
  };
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) reject(new AppError(AppErrorCode.OperationFailed, `the service's zip cannot be read: ${error?.message ?? 'no zip'}`));
      else resolve(zip);
    });
  });
}

/** Every entry of the central directory (bounded by count as it is read too: the header's count can lie). */
function readDirectory(zip: yauzl.ZipFile, limits: UnpackLimits): Promise<yauzl.Entry[]> {
  return new Promise((resolve, reject) => {
    const entries: yauzl.Entry[] = [];
    zip.on('entry', (entry: yauzl.Entry) => {
      entries.push(entry);
      if (entries.length > limits.maxEntries) return reject(new BoundExceeded(`the zip holds more than the ${limits.maxEntries} entries allowed`));
      zip.readEntry();
    });
    zip.on('end', () => resolve(entries));
    zip.on('error', (error: Error) => reject(new AppError(AppErrorCode.OperationFailed, `the service's zip cannot be read: ${error.message}`)));
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => (error || !stream ? reject(error ?? new Error('no stream')) : resolve(stream)));
  });
}
