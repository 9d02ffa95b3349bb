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

export class UnixfsFileHasher {
  private readonly partial = Buffer.allocUnsafe(CHUNK_SIZE);
  private partialLength = 0;
  /** links waiting for their parent, per tree level (0 = leaves) */
  private readonly levels: PendingLink[][] = [];
  /** nodes ever made per level: a level that made exactly one node holds the root */
  private readonly made: number[] = [];
  private result: UnixfsNode | undefined;

  update(chunk: Uint8Array): void {
    if (this.result) throw new Error('UnixfsFileHasher: update after digest');
    let offset = 0;
    if (this.partialLength > 0) {
      const take = Math.min(CHUNK_SIZE - this.partialLength, chunk.length);
      if (this.partialLength + take === CHUNK_SIZE) {
        this.addLeaf(CHUNK_SIZE, this.partial.subarray(0, this.partialLength), chunk.subarray(0, take));
        this.partialLength = 0;
      } else {
        this.partial.set(chunk.subarray(0, take), this.partialLength);
        this.partialLength += take;
      }
      offset = take;
    }
    while (chunk.length - offset >= CHUNK_SIZE) {
      this.addLeaf(CHUNK_SIZE, chunk.subarray(offset, offset + CHUNK_SIZE));
      offset += CHUNK_SIZE;
    }
    if (offset < chunk.length) {
      this.partial.set(chunk.subarray(offset), 0);
      this.partialLength = chunk.length - offset;
    }
  }

  digest(): UnixfsNode {
    if (this.result) return this.result;
    // The last leaf may be short; an empty file is one empty leaf.
    if (this.partialLength > 0 || this.made.length === 0) this.addLeaf(this.partialLength, this.partial.subarray(0, this.partialLength));
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
    const { header, trailer } = length === CHUNK_SIZE ? FULL_LEAF : leafFraming(length);
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
    if (links.length === MAX_LINKS_PER_NODE) this.addParent(level, links);
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

export function cidOfBytes(data: Uint8Array): UnixfsNode {
  const hasher = new UnixfsFileHasher();
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
    if (!(await handle.stat()).isFile()) throw new Error(`${path} is not a regular file`);
    const hasher = new UnixfsFileHasher();
    const buffers = [Buffer.allocUnsafe(READ_SIZE), Buffer.allocUnsafe(READ_SIZE)] as const;
    let position = 0;
    let which = 0;
    let reading = handle.read(buffers[0], 0, READ_SIZE, position);
    inFlight = reading;
    for (;;) {
      const { bytesRead } = await reading;
      inFlight = undefined;
      if (bytesRead === 0) break;
      options.signal?.throwIfAborted();
      const filled = buffers[which]!;
      position += bytesRead;
      which ^= 1;
      reading = handle.read(buffers[which]!, 0, READ_SIZE, position);
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
