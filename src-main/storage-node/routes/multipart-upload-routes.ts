/**
 * Multipart upload: newMultipartUpload creates the object at once (listed,
 * size "0", redundancy multipartUpload); each uploadPart stores one part as a
 * blob; completeMultipartUpload makes the object the named parts (each at
 * most once) in the order given, by reference (no data is copied); its
 * fileHash is mostly hashed by then, as the parts came in (RunningUploadHashes).
 */
import { completeMultipartUploadRequest, fullFileHash, newMultipartUploadRequest, uploadPartInfoRequest } from '@shared/jcs/wire';
import { badArgument } from '../node-error';
import { receiveMultipart } from '../http/multipart';
import { parseJsonBody, parseValue } from '../http/request-input';
import type { Route } from '../http/route';
import { wireObject } from '../wire-format';
import { commitBlobs, EMPTY_SHA256 } from './commit-blobs';
import { requireObjectPath } from './path-input';

/** Parts one completion may name: as many as the app's client ever uses (and S3 allows), so one object's metadata and hashing stay bounded. */
export const MAX_COMPLETE_PARTS = 10_000;

/**
 * Each part at most once. The seed lets an index repeat, but a repeated part
 * adds no information a client could need, and it let one small part stand
 * for an object of any size (20,000 × 1 MiB made 20 GB to hash).
 */
function requireDistinctParts(indexes: readonly number[]): void {
  if (indexes.length > MAX_COMPLETE_PARTS) throw badArgument(`indexes: ${indexes.length} parts named; a multipart upload completes with at most ${MAX_COMPLETE_PARTS}`);
  const position = new Map<number, number>();
  indexes.forEach((index, i) => {
    const earlier = position.get(index);
    if (earlier !== undefined) throw badArgument(`indexes: part ${index} is named twice (at positions ${earlier} and ${i}); each part may be named once`);
    position.set(index, i);
  });
}

export const multipartUploadRoutes: Route[] = [
  {
    method: 'POST',
    path: '/object/newMultipartUpload',
    body: 'json',
    handle({ body, node }) {
      const { packageID, path } = parseJsonBody(body, newMultipartUploadRequest);
      const row = node.catalog.beginMultipartUpload(packageID, requireObjectPath('path', path), node.now());
      node.uploadHashes.forget(row.object_id);
      node.collector.schedule();
      return { object: wireObject(row) };
    },
  },
  {
    method: 'POST',
    path: '/object/uploadPart',
    body: 'stream',
    async handle({ req, node }) {
      const { info, files } = await receiveMultipart(req, {
        parseInfo(value) {
          const info = parseValue(value, uploadPartInfoRequest, 'info');
          node.catalog.requirePendingUpload(info.objectID);
          return info;
        },
        fileFieldNames: ['file'],
        // Parts are large and several arrive at once: hashed beside the event loop, which parses and writes them.
        openFile: () => node.store.newWriter().hashInWorker(),
        maxFiles: 1,
      });
      const part = files[0];
      if (!part) throw badArgument("file: the request has no 'file' part");
      await commitBlobs(node, [part.blob], () => {
        node.catalog.putPart(info.objectID, info.index, part.blob.size > 0 ? part.blob.sha256 : EMPTY_SHA256, part.blob.size, node.now());
      });
      node.uploadHashes.partStored(info.objectID);
      return null;
    },
  },
  {
    method: 'POST',
    path: '/object/completeMultipartUpload',
    body: 'json',
    async handle({ body, node }) {
      const { objectID, indexes } = parseJsonBody(body, completeMultipartUploadRequest);
      requireDistinctParts(indexes);
      node.catalog.requirePendingUpload(objectID);
      const parts = new Map(node.catalog.parts(objectID).map((p) => [p.part_index, p]));
      const missing = indexes.find((i) => !parts.has(i));
      if (missing !== undefined) throw badArgument(`indexes: part ${missing} of object ${objectID} was not uploaded`);
      const segments = indexes.map((i) => parts.get(i)!).map((p) => ({ blob: p.blob, size: p.size }));
      const blobs = segments.map((s) => s.blob);
      // Pinned: a concurrent uploadPart may replace a part while we hash; we complete with what we read.
      node.store.pin(blobs);
      try {
        const sha256 = await node.uploadHashes.digest(objectID, segments);
        const size = segments.reduce((sum, s) => sum + s.size, 0);
        const row = node.catalog.completeMultipartUpload(objectID, { size, fileHash: fullFileHash(sha256), segments }, node.now());
        node.uploadHashes.forget(objectID);
        return { object: wireObject(row) };
      } finally {
        node.store.unpin(blobs);
        node.collector.schedule();
      }
    },
  },
];
