/**
 * The CIDv0 of a file exactly as `ipfs add` (Kubo's classic defaults:
 * cid-version=0, raw-leaves=false, chunker=size-262144, balanced layout with
 * 174 links per node) computes it, in one streaming sha256 pass.
 *
 * Memory is bounded by one chunk plus at most 174 pending links per tree
 * level, whatever the file size. Each leaf block is `header ++ chunk ++
 * trailer`; the three are fed to the hash in turn, so file bytes are hashed
 * where they lie (only a partial chunk left at the end of an update is copied).
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { base58btcEncode, cidV0Bytes } from './cid';
import { encodeFileBranchData, encodePbNode, leafFraming } from './dag-pb';

export interface UnixfsNode {
  cid: string;
  /** Kubo's "Size": root block + all descendants */
  dagSize: number;
  /** file bytes (0 for a directory) */
  size: number;
}

export const CHUNK_SIZE = 262_144;
export const MAX_LINKS_PER_NODE = 174;
/** Reads of 4 MiB (16 chunks) keep the per-read cost negligible next to hashing. */
const READ_SIZE = 4 * 1024 * 1024;
const FULL_LEAF = leafFraming(CHUNK_SIZE);

interface PendingLink {
  hash: Uint8Array;
  tsize: number;
  fileSize: number;
}

/**
 * Kubo's classic layout is the default; other shapes exist so tests can build
 * deep trees from little data and check them against an independent importer.
 */
export interface UnixfsLayoutOptions {
  chunkSize?: number;
  maxLinksPerNode?: number;
}

export class UnixfsFileHasher {
  private readonly chunkSize: number;
  private readonly maxLinksPerNode: number;
  private readonly fullLeaf: { header: Uint8Array; trailer: Uint8Array };
  /** the bytes of a chunk not yet complete, kept because callers may reuse the buffers they pass in */
  private partial: Buffer | undefined;
  private partialLength = 0;
  /** links waiting for their parent, per tree level (0 = leaves) */
  private readonly levels: PendingLink[][] = [];
  /** nodes ever made per level: a level that made exactly one node holds the root */
  private readonly made: number[] = [];
  private result: UnixfsNode | undefined;

  constructor(options: UnixfsLayoutOptions = {}) {
    this.chunkSize = options.chunkSize ?? CHUNK_SIZE;
    this.maxLinksPerNode = options.maxLinksPerNode ?? MAX_LINKS_PER_NODE;
    if (!Number.isSafeInteger(this.chunkSize) || this.chunkSize < 1) throw new Error(`invalid chunk size ${this.chunkSize}`);
    if (!Number.isSafeInteger(this.maxLinksPerNode) || this.maxLinksPerNode < 2) throw new Error(`invalid links per node ${this.maxLinksPerNode}`);
    this.fullLeaf = this.chunkSize === CHUNK_SIZE ? FULL_LEAF : leafFraming(this.chunkSize);
  }

  update(chunk: Uint8Array): void {
    if (this.result) throw new Error('UnixfsFileHasher: update after digest');
    const chunkSize = this.chunkSize;
    let offset = 0;
    if (this.partialLength > 0) {
      const partial = this.partial!;
      const take = Math.min(chunkSize - this.partialLength, chunk.length);
      if (this.partialLength + take === chunkSize) {
        this.addLeaf(chunkSize, partial.subarray(0, this.partialLength), chunk.subarray(0, take));
        this.partialLength = 0;
      } else {
        partial.set(chunk.subarray(0, take), this.partialLength);
        this.partialLength += take;
      }
      offset = take;
    }
    while (chunk.length - offset >= chunkSize) {
      this.addLeaf(chunkSize, chunk.subarray(offset, offset + chunkSize));
      offset += chunkSize;
    }
    if (offset < chunk.length) {
      this.partial ??= Buffer.allocUnsafe(chunkSize);
      this.partial.set(chunk.subarray(offset), 0);
      this.partialLength = chunk.length - offset;
    }
  }

  digest(): UnixfsNode {
    if (this.result) return this.result;
    // The last leaf may be short; an empty file is one empty leaf.
    if (this.partialLength > 0 || this.made.length === 0) this.addLeaf(this.partialLength, this.partial?.subarray(0, this.partialLength) ?? new Uint8Array(0));
    this.partialLength = 0;
    for (let level = 0; ; level++) {
      const links = this.levels[level]!;
      if (this.made[level] === 1) {
        const root = links[0]!;
        this.result = { cid: base58btcEncode(root.hash), dagSize: root.tsize, size: root.fileSize };
        return this.result;
      }
      // The partial group left at this level becomes one more parent (a full group was made eagerly).
      if (links.length > 0) this.addParent(level, links);
    }
  }

  private addLeaf(length: number, ...pieces: Uint8Array[]): void {
    const { header, trailer } = length === this.chunkSize ? this.fullLeaf : leafFraming(length);
    const hash = createHash('sha256').update(header);
    for (const piece of pieces) hash.update(piece);
    hash.update(trailer);
    this.push(0, { hash: cidV0Bytes(hash.digest()), tsize: header.length + length + trailer.length, fileSize: length });
  }

  private push(level: number, link: PendingLink): void {
    if (this.levels.length === level) {
      this.levels.push([]);
      this.made.push(0);
    }
    const links = this.levels[level]!;
    links.push(link);
    this.made[level]!++;
    if (links.length === this.maxLinksPerNode) this.addParent(level, links);
  }

  private addParent(level: number, links: PendingLink[]): void {
    const children = links.splice(0, links.length);
    const fileSize = children.reduce((sum, child) => sum + child.fileSize, 0);
    const data = encodeFileBranchData(
      fileSize,
      children.map((child) => child.fileSize),
    );
    const block = encodePbNode(
      children.map((child) => ({ hash: child.hash, name: '', tsize: child.tsize })),
      data,
    );
    const tsize = children.reduce((sum, child) => sum + child.tsize, block.length);
    this.push(level + 1, { hash: cidV0Bytes(createHash('sha256').update(block).digest()), tsize, fileSize });
  }
}

export function cidOfBytes(data: Uint8Array, layout?: UnixfsLayoutOptions): UnixfsNode {
  const hasher = new UnixfsFileHasher(layout);
  hasher.update(data);
  return hasher.digest();
}

export async function cidOfStream(source: AsyncIterable<Uint8Array>): Promise<UnixfsNode> {
  const hasher = new UnixfsFileHasher();
  for await (const chunk of source) hasher.update(chunk);
  return hasher.digest();
}

/**
 * Reads with two alternating buffers: the next read runs on libuv's thread
 * pool while this thread hashes the previous one.
 */
export async function cidOfFile(path: string, options: { signal?: AbortSignal } = {}): Promise<UnixfsNode> {
  options.signal?.throwIfAborted();
  const handle = await open(path, 'r');
  let inFlight: Promise<unknown> | undefined;
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new Error(`${path} is not a regular file`);
    const size = info.size;
    const hasher = new UnixfsFileHasher();
    // Small files (most of a folder) get small buffers; a file that grows meanwhile is still read to its end.
    const readSize = Math.min(READ_SIZE, Math.max(64 * 1024, size + 1));
    const buffers = [Buffer.allocUnsafe(readSize), Buffer.allocUnsafe(readSize)] as const;
    let position = 0;
    let which = 0;
    let reading = handle.read(buffers[0], 0, readSize, position);
    inFlight = reading;
    for (;;) {
      const { bytesRead } = await reading;
      inFlight = undefined;
      if (bytesRead === 0) break;
      options.signal?.throwIfAborted();
      const filled = buffers[which]!;
      position += bytesRead;
      which ^= 1;
      reading = handle.read(buffers[which]!, 0, readSize, position);
      inFlight = reading;
      hasher.update(filled.subarray(0, bytesRead));
    }
    return hasher.digest();
  } finally {
    // Never close the handle under a read still running on the thread pool.
    if (inFlight) await inFlight.catch(() => undefined);
    await handle.close();
  }
}
