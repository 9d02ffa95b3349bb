/**
 * Deletes blobs (files, and rows inline in the catalog) that nothing refers
 * to any more. Candidates come from `blob_gc` (queued in the same transaction
 * that dropped a reference, or before a new blob was put in place). Each
 * candidate is checked and deleted in one synchronous step, between which no
 * other request can commit a reference;
 * pinned blobs are skipped and retried after they are released. Work is done
 * in slices so a huge deletion does not stall the node.
 */
import type { Catalog } from '../metadata/catalog';
import type { BlobStore } from './blob-store';

const SLICE = 500;

export class BlobCollector {
  private scheduled = false;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;
  private stopped = false;

  constructor(
    private readonly catalog: Catalog,
    private readonly store: BlobStore,
    private readonly onError: (error: unknown) => void = (error) => console.error('blob collector:', error),
    /** Called after a run that deleted blob files (disk space was freed). */
    private readonly onFreed: () => void = () => {},
  ) {}

  /** Runs a collection soon (coalescing bursts of requests into one run). */
  schedule(): void {
    if (this.scheduled || this.stopped) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.collect().catch(this.onError);
    });
  }

  /**
   * Collects until every candidate is handled or pinned; resolves after a run
   * that started after the call. Calls made while a run is under way share
   * one run after it: each waiting on its own (calling itself again whenever
   * it lost the race) built chains of promises that grew with the square of
   * the callers, past a gigabyte under sustained load.
   */
  collect(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.running ?? this.start(); // a run begun meanwhile also began after every queued call
      });
    return this.queued;
  }

  private start(): Promise<void> {
    const run: Promise<void> = this.run().finally(() => {
      if (this.running === run) this.running = undefined;
    });
    this.running = run;
    return run;
  }

  private async run(): Promise<void> {
    let removed = 0;
    try {
      await this.collectCandidates(() => removed++);
    } finally {
      if (removed > 0) this.onFreed();
    }
  }

  private async collectCandidates(onRemoved: () => void): Promise<void> {
    const skipped = new Set<string>();
    for (;;) {
      if (this.stopped) return;
      const candidates = this.catalog.collectionCandidates(SLICE + skipped.size).filter((b) => !skipped.has(b));
      if (candidates.length === 0) return;
      this.catalog.transaction(() => {
        for (const blob of candidates) {
          if (this.store.isPinned(blob)) {
            skipped.add(blob);
            continue;
          }
          if (!this.catalog.isBlobReferenced(blob)) {
            this.store.removeSync(blob);
            this.catalog.inline.forget(blob); // small content lives there instead of (or, from older versions, as well as) in a file
            this.catalog.journal.forget(blob); // else the start would restore a file nothing refers to
            onRemoved();
          }
          this.catalog.forgetCandidate(blob);
        }
      });
      await new Promise((resolve) => setImmediate(resolve));
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.running?.catch(() => undefined);
    await this.queued?.catch(() => undefined);
  }
}
