/**
 * The write path shared by every route that stores bytes. Order matters for
 * crash safety: (1) the temp files are already synced; (2) their blobs are
 * pinned and queued in blob_gc, so a crash from here on leaves at worst a
 * collectable orphan; (3) they are renamed into place and their directories
 * synced; (4) the metadata transaction commits. A row is never committed
 * before its bytes are durable, and no blob is ever stranded. Small uploaded
 * blobs skip (1)-(3): their bytes are rows of (4) (see commitUploads).
 */
import { createHash } from 'node:crypto';
import { fullFileHash } from '@shared/jcs/wire';
import { discard } from '../blobs/blob-store';
import type { WrittenBlob } from '../blobs/temp-blob-writer';
import type { MemoryBlob } from '../blobs/blob-journal';
import { isMemoryBlob, type ReceivedBlob } from '../blobs/upload-sink';
import type { CoreNodeServices } from '../node-services';
import type { ObjectContent } from '../metadata/rows';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export async function commitBlobs<T>(node: CoreNodeServices, blobs: readonly WrittenBlob[], commit: () => T): Promise<T> {
  const stored = blobs.filter((b) => b.size > 0);
  const hashes = [...new Set(stored.map((b) => b.sha256))];
  await Promise.all(blobs.filter((b) => b.size === 0).map((b) => discard(b.tempPath)));
  node.store.pin(hashes);
  try {
    if (hashes.length > 0) node.catalog.markForCollection(hashes); // a transaction of its own, synced: none when there is nothing to mark
    await node.store.place(stored);
    return commit();
  } catch (error) {
    await Promise.all(stored.map((b) => discard(b.tempPath)));
    throw error;
  } finally {
    node.store.unpin(hashes);
    node.collector.schedule();
  }
}

/**
 * commitBlobs for an upload's files, the small ones (held in memory) stored
 * inline in the catalog, in `commit`'s own transaction
 * (metadata/inline-blob-table.ts): the request's one WAL sync makes their
 * bytes durable together with the objects, and no file is created for them.
 */
export async function commitUploads<T>(node: CoreNodeServices, blobs: readonly ReceivedBlob[], commit: () => T): Promise<T> {
  const inMemory = blobs.filter(isMemoryBlob);
  const onDisk = blobs.filter((b): b is WrittenBlob => !isMemoryBlob(b));
  return commitBlobs(node, onDisk, () =>
    node.catalog.transaction(() => {
      storeInline(node, inMemory);
      return commit();
    }),
  );
}

/**
 * Inside the commit's transaction. Content stored already is stored once:
 * a row of that content keeps its row, and content that has a file (a part of
 * a large upload, an IPFS add, a blob from before schema version 6) is
 * referenced there, but only a file something already refers to: that one was
 * durable before its commit. A file nothing refers to may be another request's,
 * renamed into place but its folder not yet synced, or one whose placing
 * failed; its bytes get a row. The checks and the commit are one synchronous
 * step, as are the collector's check and deletion, so the file cannot go
 * between.
 */
function storeInline(node: CoreNodeServices, blobs: readonly MemoryBlob[]): void {
  const distinct = new Map<string, MemoryBlob>();
  for (const blob of blobs) if (blob.size > 0 && !distinct.has(blob.sha256)) distinct.set(blob.sha256, blob);
  // One query for the whole request first: the file check (a system call) is only needed for content something refers to.
  const referenced = node.catalog.referencedBlobs([...distinct.keys()]);
  const rows = [...distinct.values()].filter((b) => !(referenced.has(b.sha256) && node.store.hasFile(b.sha256)));
  node.catalog.inline.recordAll(rows.map((b) => ({ blob: b.sha256, data: b.content })));
}

/** The content of a whole-file upload: one segment, or none for an empty file. */
export function wholeFileContent(blob: { sha256: string; size: number }): ObjectContent {
  return {
    size: blob.size,
    fileHash: fullFileHash(blob.sha256),
    segments: blob.size > 0 ? [{ blob: blob.sha256, size: blob.size }] : [],
  };
}
