/**
 * listByPath over the (package_id, path) index. Paths sort byte-wise (SQLite's
 * BINARY collation compares UTF-8 bytes), the order JCS promises. With
 * `noRecursive`, everything under a deeper "directory" collapses into one
 * common prefix and the scan jumps past it with one index seek, so a folder
 * next to a huge sub-tree still lists in a few queries.
 *
 * A continuation token names where the next page starts: after an object path
 * (exclusive) or at the first key past a common prefix (inclusive). It also
 * carries the package and prefix, so a token cannot be replayed on another listing.
 */
import type { Db } from '../../common/sqlite';
import { badArgument } from '../node-error';
import { OBJECT_COLUMNS, objectRowOf, type ObjectRow, type RawObjectRow } from './rows';

/** A listing never returns more than this many entries, whatever maxKeys asks. */
export const MAX_LIST_KEYS = 10_000;
const SCAN_BATCH = 1_000;

export interface ListQuery {
  packageId: number;
  prefix: string;
  noRecursive: boolean;
  maxKeys: number;
  continuationToken: string;
}

export interface ListPage {
  objects: ObjectRow[];
  commonPrefixes: string[];
  isTruncated: boolean;
  nextContinuationToken: string;
}

interface Cursor {
  key: string;
  inclusive: boolean;
}

interface TokenBody {
  v: 1;
  p: number;
  x: string;
  k: string;
  i: boolean;
}

function encodeToken(query: ListQuery, cursor: Cursor): string {
  const body: TokenBody = { v: 1, p: query.packageId, x: query.prefix, k: cursor.key, i: cursor.inclusive };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

function decodeToken(query: ListQuery): Cursor {
  let body: Partial<TokenBody>;
  try {
    body = JSON.parse(Buffer.from(query.continuationToken, 'base64url').toString('utf8')) as Partial<TokenBody>;
  } catch {
    throw badArgument('continuationToken: not a token this node issued');
  }
  if (body.v !== 1 || typeof body.k !== 'string' || typeof body.i !== 'boolean') {
    throw badArgument('continuationToken: not a token this node issued');
  }
  if (body.p !== query.packageId || body.x !== query.prefix) {
    throw badArgument('continuationToken: issued for a different package or path');
  }
  if (!body.k.startsWith(query.prefix)) throw badArgument('continuationToken: not a token this node issued');
  return { key: body.k, inclusive: body.i };
}

/** The smallest key after every path that starts with `commonPrefix` (which ends in '/'). */
function pastPrefix(commonPrefix: string): string {
  return commonPrefix.slice(0, -1) + '0'; // '0' is the byte after '/'
}

export class PathLister {
  // Raw rows (arrays), made objects by objectRowOf (rows.ts says why).
  private readonly from: { all(...params: [number, string, number]): unknown[] };
  private readonly after: { all(...params: [number, string, number]): unknown[] };

  constructor(db: Db) {
    this.from = db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE package_id = ? AND path >= ? ORDER BY path LIMIT ?`).raw(true);
    this.after = db.prepare(`SELECT ${OBJECT_COLUMNS} FROM objects WHERE package_id = ? AND path > ? ORDER BY path LIMIT ?`).raw(true);
  }

  /** Objects of a package in path order after `afterPath` ('' for the start): keyset paging for full scans. */
  objectsAfter(packageId: number, afterPath: string, limit: number): ObjectRow[] {
    return (this.after.all(packageId, afterPath, limit) as RawObjectRow[]).map(objectRowOf);
  }

  private scan(packageId: number, cursor: Cursor, limit: number): ObjectRow[] {
    return ((cursor.inclusive ? this.from : this.after).all(packageId, cursor.key, limit) as RawObjectRow[]).map(objectRowOf);
  }

  list(query: ListQuery): ListPage {
    const maxKeys = Math.min(query.maxKeys, MAX_LIST_KEYS);
    const { prefix, packageId } = query;
    let cursor: Cursor = query.continuationToken ? decodeToken(query) : { key: prefix, inclusive: true };
    const objects: ObjectRow[] = [];
    const commonPrefixes: string[] = [];
    let exhausted = false;

    fill: while (objects.length + commonPrefixes.length < maxKeys) {
      const rows = this.scan(packageId, cursor, Math.min(SCAN_BATCH, maxKeys - objects.length - commonPrefixes.length + 1));
      if (rows.length === 0) {
        exhausted = true;
        break;
      }
      for (const row of rows) {
        if (!row.path.startsWith(prefix)) {
          exhausted = true;
          break fill;
        }
        if (query.noRecursive) {
          const slash = row.path.indexOf('/', prefix.length);
          if (slash >= 0) {
            const common = row.path.slice(0, slash + 1);
            commonPrefixes.push(common);
            cursor = { key: pastPrefix(common), inclusive: true };
            continue fill; // seek past the whole sub-tree
          }
        }
        objects.push(row);
        cursor = { key: row.path, inclusive: false };
        if (objects.length + commonPrefixes.length >= maxKeys) break fill;
      }
    }

    const isTruncated = !exhausted && this.hasMore(packageId, prefix, cursor);
    return { objects, commonPrefixes, isTruncated, nextContinuationToken: isTruncated ? encodeToken(query, cursor) : '' };
  }

  private hasMore(packageId: number, prefix: string, cursor: Cursor): boolean {
    const next = this.scan(packageId, cursor, 1)[0];
    return next !== undefined && next.path.startsWith(prefix);
  }
}
