import { pipeline } from 'node:stream/promises';
import { baseName } from '@shared/jcs/object-path';
import { contentDisposition } from '../../common/content-disposition';
import { badArgument, dataNotFound, operationFailed } from '../node-error';
import { sendRange } from '../blobs/read-range';
import { MAX_LIST_KEYS } from '../metadata/list-by-path';
import type { ObjectRow } from '../metadata/rows';
import type { RouteContext, Route } from '../http/route';
import { RESPONDED } from '../http/route';
import { wireObject } from '../wire-format';
import { requireObjectPath, requirePathPrefix } from './path-input';

export const objectReadRoutes: Route[] = [
  {
    method: 'GET',
    path: '/object/download',
    body: 'none',
    handle(ctx) {
      return sendObject(ctx, ctx.node.catalog.requireObject(ctx.query.requiredId('objectID')));
    },
  },
  {
    method: 'GET',
    path: '/object/downloadByPath',
    body: 'none',
    handle(ctx) {
      return sendObject(ctx, objectAddressedByPath(ctx));
    },
  },
  {
    method: 'GET',
    path: '/object/listByPath',
    body: 'none',
    handle({ query, node }) {
      const packageId = query.requiredId('packageID');
      const path = query.string('path') ?? '';
      const isPrefix = query.boolean('isPrefix');
      const noRecursive = query.boolean('noRecursive');
      const maxKeys = query.integer('maxKeys', { min: 1 }) ?? MAX_LIST_KEYS;
      const continuationToken = query.string('continuationToken') ?? '';
      node.catalog.requirePackage(packageId);
      if (!isPrefix) {
        const row = node.catalog.objectByPath(packageId, requireObjectPath('path', path));
        return { objects: row ? [wireObject(row)] : [], commonPrefixes: [], isTruncated: false, nextContinuationToken: '' };
      }
      const page = node.lister.list({ packageId, prefix: requirePathPrefix('path', path), noRecursive, maxKeys, continuationToken });
      return {
        nextContinuationToken: page.nextContinuationToken,
        isTruncated: page.isTruncated,
        commonPrefixes: page.commonPrefixes,
        objects: page.objects.map(wireObject),
      };
    },
  },
  {
    method: 'GET',
    path: '/object/getPackageObjects',
    body: 'none',
    async handle({ query, node, res }) {
      const packageId = query.requiredId('packageID');
      node.catalog.requirePackage(packageId);
      // Streamed in pages so a package of any size never sits in memory as one JSON string.
      res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
      await pipeline(packageObjectsJson(node.lister, packageId), res);
      return RESPONDED;
    },
  },
];

function* packageObjectsJson(lister: RouteContext['node']['lister'], packageId: number): Generator<string> {
  yield '{"code":"OK","message":"","data":{"objects":[';
  let after = '';
  let first = true;
  for (;;) {
    const rows = lister.objectsAfter(packageId, after, 1000);
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      chunk += (first ? '' : ',') + JSON.stringify(wireObject(row));
      first = false;
    }
    yield chunk;
    after = rows[rows.length - 1]!.path;
  }
  yield ']}}';
}

/** downloadByPath names the object by packageID + path, or (without packageID) by `bucket/package/path`. */
function objectAddressedByPath({ query, node }: RouteContext): ObjectRow {
  const path = query.requiredString('path');
  const packageId = query.integer('packageID', { min: 1 });
  if (packageId !== undefined) {
    node.catalog.requirePackage(packageId);
    const row = node.catalog.objectByPath(packageId, requireObjectPath('path', path));
    if (!row) throw dataNotFound(`object '${path}' not found in this package (packageID ${packageId})`);
    return row;
  }
  const [bucketName, packageName, ...rest] = path.split('/');
  if (!bucketName || !packageName || rest.length === 0) throw badArgument("path: without packageID, path must be 'bucket/package/object path'");
  const objectPath = requireObjectPath('path', rest.join('/'));
  const pkg = node.catalog.packageByFullName(bucketName, packageName);
  if (!pkg) throw dataNotFound(`package '${bucketName}/${packageName}' not found`);
  const row = node.catalog.objectByPath(pkg.package_id, objectPath);
  if (!row) throw dataNotFound(`object '${objectPath}' not found in package '${bucketName}/${packageName}'`);
  return row;
}

async function sendObject({ query, node, res, req }: RouteContext, row: ObjectRow): Promise<typeof RESPONDED> {
  if (row.redundancy === 'multipartUpload') throw operationFailed(`object ${row.object_id} has an unfinished multipart upload; complete it before downloading`);
  const offset = query.integer('offset') ?? 0;
  if (offset > row.size) throw badArgument(`offset: ${offset} is beyond the end of the object (${row.size} bytes)`);
  const length = query.integer('length') ?? row.size - offset;
  if (offset + length > row.size) throw badArgument(`length: ${length} bytes from offset ${offset} run past the end of the object (${row.size} bytes)`);

  const segments = node.catalog.segments(row.object_id);
  const blobs = segments.map((s) => s.blob);
  node.store.pin(blobs); // the object may be replaced or deleted while we stream it
  try {
    const headers: Record<string, string | number> = {
      'Content-Type': 'application/octet-stream',
      'Content-Length': length,
      'Content-Disposition': contentDisposition(baseName(row.path)),
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    };
    if (length > 0 && (offset > 0 || length < row.size)) headers['Content-Range'] = `bytes ${offset}-${offset + length - 1}/${row.size}`;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end(); // the headers are the whole answer: no blob is read
      return RESPONDED;
    }
    await sendRange(node.store, segments, offset, length, res);
  } finally {
    node.store.unpin(blobs);
  }
  return RESPONDED;
}
