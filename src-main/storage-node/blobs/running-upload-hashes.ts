/**
 * The whole-object SHA-256 of multipart uploads, computed while their parts
 * come in rather than all at once on complete. As each part is stored, the
 * parts that continue the hashed prefix in index order (from index 0 or 1) are
 * hashed by the hashing worker, which reads them back (just written, so from
 * the page cache). On complete, when the parts named start with exactly the
 * blobs already hashed, only the rest is hashed; otherwise (another order, a
 * part replaced by different bytes, a restart in between) everything is.
 * Correctness never depends on this state: it only records which bytes were
 * hashed, and a failure drops it.
 */
import type { Catalog } from '../metadata/catalog';
import type { BlobStore } from './blob-store';
import { HashWorker, type BlobFile } from './hash-worker';

/** Uploads tracked at once; the least recently fed is dropped beyond (it is then hashed on complete). */
const MAX_TRACKED = 256;

interface Segment {
  blob: string;
  size: number;
}

interface RunningHash {
  /** The worker's name for this running hash. */
  name: number;
  /** The blobs hashed so far, in order. */
  hashed: string[];
  /** The part index to hash next; undefined until the first part (0 or 1) is in. */
  next: number | undefined;
  /** The chain of hashing work; never rejects. */
  work: Promise<void>;
}

export class RunningUploadHashes {
  private readonly uploads = new Map<number, RunningHash>();
  private readonly worker = new HashWorker();
  private nextName = 1;

  constructor(
    private readonly store: BlobStore,
    private readonly catalog: Catalog,
  ) {}

  /** A part of `objectId` was stored: hash whatever now continues the prefix. */
  partStored(objectId: number): void {
    let running = this.uploads.get(objectId);
    if (running) this.uploads.delete(objectId); // re-inserted below: the map's order is least recently fed first
    running ??= { name: this.nextName++, hashed: [], next: undefined, work: Promise.resolve() };
    this.uploads.set(objectId, running);
    for (const [oldest] of this.uploads) {
      if (this.uploads.size <= MAX_TRACKED) break;
      this.forget(oldest);
    }
    const state = running;
    // A failed read leaves the hash part-way through a part: the worker drops it, and so do we (complete then hashes everything).
    state.work = state.work
      .then(() => this.advance(objectId, state))
      .catch(() => {
        if (this.uploads.get(objectId) === state) this.uploads.delete(objectId);
      });
  }

  /** The upload is finished, reset or gone. */
  forget(objectId: number): void {
    const state = this.uploads.get(objectId);
    if (!state) return;
    this.uploads.delete(objectId);
    // After the work under way, which may still be adding to it.
    void state.work.then(() => this.worker.drop(state.name));
  }

  /** SHA-256 (hex) of the segments joined in order, reusing the running hash where it applies. */
  async digest(objectId: number, segments: readonly Segment[]): Promise<string> {
    // Wait until no hashing is under way, so the running hash is between parts.
    const running = this.uploads.get(objectId);
    for (let work = running?.work; running && work; work = running.work === work ? undefined : running.work) await work;
    const state = this.uploads.get(objectId);
    if (state && state.hashed.length > 0 && state.hashed.length <= segments.length && state.hashed.every((blob, i) => segments[i]!.blob === blob)) {
      return this.worker.digest(state.name, segments.slice(state.hashed.length).map((s) => this.file(s)));
    }
    return this.worker.digest(undefined, segments.map((s) => this.file(s)));
  }

  close(): Promise<void> {
    this.uploads.clear();
    return this.worker.close();
  }

  private async advance(objectId: number, state: RunningHash): Promise<void> {
    for (;;) {
      if (this.uploads.get(objectId) !== state) return; // forgotten meanwhile
      // One part looked up at a time: reading the whole list per step would be quadratic in the parts (up to 10,000).
      const next = state.next ?? (this.catalog.part(objectId, 0) ? 0 : 1);
      const part = this.catalog.part(objectId, next);
      if (!part) return;
      // Pinned at once (pins and collection are synchronous): a replaced part's old blob stays readable while it is hashed.
      this.store.pin([part.blob]);
      try {
        await this.worker.add(state.name, this.file({ blob: part.blob, size: part.size }));
      } finally {
        this.store.unpin([part.blob]);
      }
      state.hashed.push(part.blob);
      state.next = next + 1;
    }
  }

  private file(segment: Segment): BlobFile {
    return { path: segment.size > 0 ? this.store.blobPath(segment.blob) : '', size: segment.size };
  }
}
