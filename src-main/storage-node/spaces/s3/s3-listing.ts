/**
 * `list` for S3: ListObjectsV2 under `folder/` with no delimiter (so one
 * request pages through the whole subtree), one page per yield, continuing
 * with the page's continuation token.
 *
 * Folders exist in S3 only as keys: a zero-byte `a/b/` marker is what
 * `makeFolder` (and most S3 tools) leave for an empty folder. A marker is
 * reported as an empty folder only when no file lies below it. The rule relied
 * on: ListObjectsV2 returns keys in ascending (UTF-8 binary) order, and every
 * key that starts with `a/b/` sorts directly after `a/b/` itself — so a marker
 * is settled as soon as a key that does not start with it arrives (or the
 * listing ends), and only the markers above the current key (a chain of
 * prefixes, at most the tree's depth) wait. A key ending in '/' is never a
 * file (no path ends in '/'), whatever its size.
 *
 * Keys come back as the service holds them: the caller gates them with the
 * object path rules before using one as a path elsewhere.
 */
import { ListObjectsV2Command, type _Object } from '@aws-sdk/client-s3';
import { sortLevel, type LevelEntry, type SpaceFile, type SpaceLevel, type SpaceListing } from '../space-backend';
import type { S3Target } from './s3-client';
import { stepFailure } from './s3-errors';

/** Markers seen whose subtree is still being listed, outermost first; each is a prefix of the next. */
class OpenMarkers {
  private readonly open: Array<{ prefix: string; hasFile: boolean }> = [];

  /** Settles the markers `key` is not under (their subtree is over; all of them at the end) and returns the empty ones. */
  settleBefore(key: string | undefined): string[] {
    const empty: string[] = [];
    while (this.open.length > 0 && (key === undefined || !key.startsWith(this.open[this.open.length - 1]!.prefix))) {
      const done = this.open.pop()!;
      if (!done.hasFile) empty.push(done.prefix.slice(0, -1));
    }
    return empty;
  }

  addMarker(prefix: string): void {
    this.open.push({ prefix, hasFile: false });
  }

  /** A file below every open marker (they are all prefixes of it). */
  addFile(): void {
    for (const marker of this.open) marker.hasFile = true;
  }
}

/**
 * Last-Modified to the whole second: HEAD's (an HTTP date) has no more, while
 * some services (RGW) list milliseconds — truncated, a listing and a `stat` of
 * an object without our `mtime` metadata agree on its time.
 */
function toFile(object: _Object): SpaceFile | undefined {
  if (object.Key === undefined) return undefined;
  const modTime = object.LastModified?.getTime() ?? 0;
  return { path: object.Key, size: object.Size ?? 0, modTime: modTime - (modTime % 1000) };
}

export async function* listFolder(target: S3Target, folder: string, pageSize: number, signal?: AbortSignal): AsyncGenerator<SpaceListing> {
  const prefix = folder === '' ? '' : `${folder}/`;
  const what = `listing '${folder}' in the bucket '${target.bucket}'`;
  const markers = new OpenMarkers();
  let token: string | undefined;
  do {
    let page;
    try {
      page = await target.client.send(
        new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix === '' ? undefined : prefix, ContinuationToken: token, MaxKeys: pageSize }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw stepFailure(error, what, signal);
    }
    const listing: SpaceListing = { files: [], emptyFolders: [] };
    for (const object of page.Contents ?? []) {
      const file = toFile(object);
      // The listed folder's own marker is not something inside it.
      if (file === undefined || file.path === prefix) continue;
      listing.emptyFolders.push(...markers.settleBefore(file.path));
      if (file.path.endsWith('/')) {
        markers.addMarker(file.path);
      } else {
        markers.addFile();
        listing.files.push(file);
      }
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
    if (page.IsTruncated && !token) throw stepFailure(new Error('the service said the listing goes on but gave no continuation token'), what, signal);
    if (token === undefined) listing.emptyFolders.push(...markers.settleBefore(undefined));
    yield listing;
  } while (token !== undefined);
}

/**
 * One level of `folder` for the folder picker: ListObjectsV2 with the `/`
 * delimiter, so sub-folders come back as common prefixes (one entry each,
 * whatever lies below) and only the level's own files as keys. The folder's
 * own marker (`folder/`) is not an entry. Stops once more than `limit` are known.
 */
export async function listOneLevel(target: S3Target, folder: string, limit: number, signal?: AbortSignal): Promise<SpaceLevel> {
  const prefix = folder === '' ? '' : `${folder}/`;
  const entries: LevelEntry[] = [];
  let token: string | undefined;
  do {
    let page;
    try {
      page = await target.client.send(
        new ListObjectsV2Command({ Bucket: target.bucket, Prefix: prefix, Delimiter: '/', ContinuationToken: token, MaxKeys: 1000 }),
        { abortSignal: signal },
      );
    } catch (error) {
      throw stepFailure(error, `listing '${folder || '/'}' in the bucket '${target.bucket}'`, signal);
    }
    for (const common of page.CommonPrefixes ?? []) {
      if (common.Prefix && common.Prefix !== prefix) entries.push({ path: common.Prefix.slice(0, -1), isFolder: true, size: 0 });
    }
    for (const object of page.Contents ?? []) {
      const file = toFile(object);
      if (file && !file.path.endsWith('/')) entries.push({ path: file.path, isFolder: false, size: file.size, modTime: file.modTime });
    }
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token && entries.length <= limit);
  return sortLevel(entries, limit);
}
