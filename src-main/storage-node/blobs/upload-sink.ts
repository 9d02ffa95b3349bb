/**
 * Where one file of a multi-file upload goes: kept in memory while it is
 * small (it is then stored inline in the catalog: commit-blobs.ts), moved to a temp
 * blob file as soon as it outgrows SMALL_BLOB_MAX or the node-wide memory
 * budget, and streamed there from then on. Memory is bounded by the budget
 * whatever the number of requests.
 */
import { createHash, type Hash } from 'node:crypto';
import { Writable } from 'node:stream';
import type { MemoryBlob } from './blob-journal';
import type { TempBlobWriter, WrittenBlob } from './temp-blob-writer';

/** Largest file kept in memory and stored inline (the engine's small files are mostly far below). */
export const SMALL_BLOB_MAX = 64 * 1024;
/** Bytes of small files held by all requests at once; beyond it files take the temp-file path. */
const MEMORY_BUDGET = 16 * 1024 * 1024;
let budgetUsed = 0;

export type ReceivedBlob = WrittenBlob | MemoryBlob;

export function isMemoryBlob(blob: ReceivedBlob): blob is MemoryBlob {
  return 'content' in blob;
}

export class UploadSink extends Writable {
  private chunks: Buffer[] = [];
  private bytes = 0;
  private reserved = 0;
  private readonly hash: Hash = createHash('sha256');
  private writer: TempBlobWriter | undefined;
  private memory: MemoryBlob | undefined;

  constructor(private readonly newWriter: () => TempBlobWriter) {
    // As much buffered as the temp writer takes in one batch: a large file's chunks then pass through without a pause each.
    super({ highWaterMark: 2 * 1024 * 1024 });
  }

  /** The temp file, once the content went to one. */
  get tempPath(): string | undefined {
    return this.writer?.tempPath;
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.writer) return void this.writer.write(chunk, callback);
    const size = this.bytes + chunk.length;
    if (size <= SMALL_BLOB_MAX && budgetUsed + chunk.length <= MEMORY_BUDGET) {
      budgetUsed += chunk.length;
      this.reserved += chunk.length;
      this.hash.update(chunk);
      this.chunks.push(chunk);
      this.bytes = size;
      return callback();
    }
    this.spill();
    this.writer!.write(chunk, callback);
  }

  override _final(callback: (error?: Error | null) => void): void {
    if (this.writer) {
      this.writer.end();
      this.writer.once('finish', () => callback());
      return;
    }
    this.memory = { sha256: this.hash.digest('hex'), size: this.bytes, content: Buffer.concat(this.chunks, this.bytes) };
    this.chunks = [];
    callback();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.release();
    if (!this.writer || this.writer.destroyed) return callback(error);
    this.writer.destroy(error ?? undefined);
    this.writer.once('close', () => callback(error));
  }

  /** The received blob; only valid once the stream has finished. */
  result(): ReceivedBlob {
    if (this.writer) return this.writer.result();
    if (!this.memory) throw new Error('UploadSink.result() called before the stream finished');
    return this.memory;
  }

  /** Gives the memory back to the budget (after the commit, or when the request failed). */
  release(): void {
    budgetUsed -= this.reserved;
    this.reserved = 0;
  }

  /** From memory to a temp file: what was held goes first, the rest streams after it. */
  private spill(): void {
    const writer = this.newWriter();
    this.writer = writer;
    writer.on('error', (error) => this.destroy(error));
    for (const chunk of this.chunks) writer.write(chunk);
    this.chunks = [];
    this.release();
  }
}
