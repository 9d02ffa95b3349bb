/**
 * The whole-object SHA-256 of multipart uploads, computed while their parts
 * come in rather than all at once on complete. As each part is stored, the
 * parts that continue the hashed prefix in index order (from index 0 or 1) are
 * read back (just written, so from the page cache) and hashed. On complete,
 * when the parts named start with exactly the blobs already hashed, only the
 * rest is hashed; otherwise (another order, a part replaced by different
 * bytes, a restart in between) everything is, as before. Correctness never
 * depends on this state: it only records which bytes were hashed.
 *
 * Measured on a 1 GiB upload: complete went from ~0.8 s of hashing to a few
 * milliseconds.
 */
import { createHash, type Hash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { operationFailed } from '../node-error';
import type { Catalog } from '../metadata/catalog';
import type { BlobStore } from './blob-store';

const READ_BYTES = 1024 * 1024;
/** Uploads tracked at once; the least recently fed is dropped beyond (it is then hashed on complete). */
const MAX_TRACKED = 256;

interface Segment {
  blob: string;
  size: number;
}

interface RunningHash {
  hash: Hash;
  /** The blobs hashed so far, in order. */
  hashed: string[];
  /** The part index to hash next; undefined until the first part (0 or 1) is in. */
  next: number | undefined;
  /** The chain of hashing work; never rejects. */
  work: Promise<void>;
}

export class RunningUploadHashes {
  private readonly uploads = new Map<number, RunningHash>();

  constructor(
    private readonly store: BlobStore,
    private readonly catalog: Catalog,
  ) {}

  /** A part of `objectId` was stored: hash whatever now continues the prefix. */
  partStored(objectId: number): void {
    let running = this.uploads.get(objectId);
    if (running) this.uploads.delete(objectId); // re-inserted below: the map's order is least recently fed first
    running ??= { hash: createHash('sha256'), hashed: [], next: undefined, work: Promise.resolve() };
    this.uploads.set(objectId, running);
    for (const [oldest] of this.uploads) {
      if (this.uploads.size <= MAX_TRACKED) break;
      this.uploads.delete(oldest);
    }
    const state = running;
    // A failed read leaves the hash part-way through a part: drop it (complete then hashes everything).
    state.work = state.work
      .then(() => this.advance(objectId, state))
      .catch(() => {
        if (this.uploads.get(objectId) === state) this.uploads.delete(objectId);
      });
  }

  /** The upload is finished, reset or gone. */
  forget(objectId: number): void {
    this.uploads.delete(objectId);
  }

  /** SHA-256 (hex) of the segments joined in order, reusing the running hash where it applies. */
  async digest(objectId: number, segments: readonly Segment[]): Promise<string> {
    // Wait until no hashing is under way, so the state is between parts.
    const running = this.uploads.get(objectId);
    for (let work = running?.work; running && work; work = running.work === work ? undefined : running.work) await work;
    let hash: Hash;
    let from = 0;
    const state = this.uploads.get(objectId);
    if (state && state.hashed.length <= segments.length && state.hashed.every((blob, i) => segments[i]!.blob === blob)) {
      hash = state.hash.copy();
      from = state.hashed.length;
    } else {
      hash = createHash('sha256');
    }
    const buffer = Buffer.allocUnsafe(READ_BYTES);
    for (const segment of segments.slice(from)) await this.hashBlob(hash, segment, buffer);
    return hash.digest('hex');
  }

  private async advance(objectId: number, state: RunningHash): Promise<void> {
    let buffer: Buffer | undefined;
    for (;;) {
      if (this.uploads.get(objectId) !== state) return; // forgotten meanwhile
      const parts = this.catalog.parts(objectId);
      const next = state.next ?? (parts.some((p) => p.part_index === 0) ? 0 : 1);
      const part = parts.find((p) => p.part_index === next);
      if (!part) return;
      // Pinned at once (pins and collection are synchronous): a replaced part's old blob stays readable while it is hashed.
      this.store.pin([part.blob]);
      try {
        buffer ??= Buffer.allocUnsafe(READ_BYTES);
        await this.hashBlob(state.hash, { blob: part.blob, size: part.size }, buffer);
      } finally {
        this.store.unpin([part.blob]);
      }
      state.hashed.push(part.blob);
      state.next = next + 1;
    }
  }

  private async hashBlob(hash: Hash, segment: Segment, buffer: Buffer): Promise<void> {
    if (segment.size === 0) return;
    const handle = await open(this.store.blobPath(segment.blob), 'r');
    try {
      let position = 0;
      while (position < segment.size) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, segment.size - position), position);
        if (bytesRead === 0) throw operationFailed(`stored part ${segment.blob} is shorter than recorded (${position} of ${segment.size} bytes)`);
        hash.update(buffer.subarray(0, bytesRead));
        position += bytesRead;
      }
    } finally {
      await handle.close();
    }
  }
}
