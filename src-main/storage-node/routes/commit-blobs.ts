/**
 * The write path shared by every route that stores bytes. Order matters for
 * crash safety: (1) the temp files are already synced; (2) their blobs are
 * pinned and queued in blob_gc, so a crash from here on leaves at worst a
 * collectable orphan; (3) they are renamed into place and their directories
 * synced; (4) the metadata transaction commits. A row is never committed
 * before its bytes are durable, and no blob is ever stranded.
 */
import { createHash } from 'node:crypto';
import { fullFileHash } from '@shared/jcs/wire';
import { discard } from '../blobs/blob-store';
import type { WrittenBlob } from '../blobs/temp-blob-writer';
import type { CoreNodeServices } from '../http/route';
import type { ObjectContent } from '../metadata/rows';

export const EMPTY_SHA256 = createHash('sha256').update('').digest('hex');

export async function commitBlobs<T>(node: CoreNodeServices, blobs: readonly WrittenBlob[], commit: () => T): Promise<T> {
  const stored = blobs.filter((b) => b.size > 0);
  const hashes = [...new Set(stored.map((b) => b.sha256))];
  await Promise.all(blobs.filter((b) => b.size === 0).map((b) => discard(b.tempPath)));
  node.store.pin(hashes);
  try {
    node.catalog.markForCollection(hashes);
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

/** The content of a whole-file upload: one segment, or none for an empty file. */
export function wholeFileContent(blob: WrittenBlob): ObjectContent {
  return {
    size: blob.size,
    fileHash: fullFileHash(blob.sha256),
    segments: blob.size > 0 ? [{ blob: blob.sha256, size: blob.size }] : [],
  };
}
