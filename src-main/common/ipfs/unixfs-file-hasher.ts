/**
 * The CID `ipfs add` gives a file with Kubo's classic defaults (CIDv0,
 * dag-pb leaves, 262,144-byte chunks, balanced layout of at most 174 links per
 * node, a one-chunk file is its leaf), computed while the bytes stream by.
 * Memory stays bounded: one partial chunk and at most 174 pending links per
 * tree level (a level holds 174^level chunks, so 5 levels reach 4 EiB).
 * Each byte is hashed once: a leaf's protobuf framing is hashed around the
 * chunk, never copied into it.
 */
import { open } from 'node:fs/promises';
import { fileParentNode, leafNode, type DagNode } from './dag-pb';

export const CHUNK_SIZE = 262_144;
export const MAX_LINKS = 174;

export interface UnixfsNode {
  cid: string;
  /** Kubo's "Size": the root block and every block under it. */
  dagSize: number;
  /** File bytes (0 for a directory). */
  size: number;
}

export class UnixfsFileHasher {
  private readonly partial = Buffer.allocUnsafe(CHUNK_SIZE);
  private partialLength = 0;
  /** levels[0]: leaves not yet under a parent; levels[i]: nodes of height i waiting for theirs. */
  private readonly levels: DagNode[][] = [[]];
  private chunks = 0;
  private done = false;

  update(data: Uint8Array): void {
    if (this.done) throw new Error('this hasher has already given its digest');
    let offset = 0;
    if (this.partialLength > 0) {
      const take = Math.min(CHUNK_SIZE - this.partialLength, data.length);
      this.partial.set(data.subarray(0, take), this.partialLength);
      this.partialLength += take;
      offset = take;
      if (this.partialLength < CHUNK_SIZE) return;
      this.addLeaf(leafNode(this.partial));
      this.partialLength = 0;
    }
    // Whole chunks straight from the caller's buffer (no copy).
    while (data.length - offset >= CHUNK_SIZE) {
      this.addLeaf(leafNode(data.subarray(offset, offset + CHUNK_SIZE)));
      offset += CHUNK_SIZE;
    }
    if (offset < data.length) {
      this.partial.set(data.subarray(offset), 0);
      this.partialLength = data.length - offset;
    }
  }

  digest(): UnixfsNode {
    if (this.done) throw new Error('this hasher has already given its digest');
    this.done = true;
    // The last, short chunk; an empty file is one empty leaf.
    if (this.partialLength > 0 || this.chunks === 0) this.addLeaf(leafNode(this.partial.subarray(0, this.partialLength)));
    const root = this.rootNode();
    return { cid: root.cid, dagSize: root.dagSize, size: root.fileSize };
  }

  private addLeaf(leaf: DagNode): void {
    this.chunks++;
    this.push(0, leaf);
  }

  /** A level that fills up becomes one node of the level above (174 at a time, left to right, as the balanced layout does). */
  private push(level: number, node: DagNode): void {
    const nodes = this.levels[level]!;
    nodes.push(node);
    if (nodes.length < MAX_LINKS) return;
    this.levels[level] = [];
    if (!this.levels[level + 1]) this.levels.push([]);
    this.push(level + 1, fileParentNode(nodes));
  }

  /** Closes the levels bottom-up: a level's leftover nodes get a parent unless they are the only node left (the root). */
  private rootNode(): DagNode {
    for (let level = 0; ; level++) {
      const nodes = this.levels[level]!;
      const above = this.levels.slice(level + 1).some((l) => l.length > 0);
      if (!above && nodes.length === 1) return nodes[0]!;
      if (nodes.length > 0) {
        this.levels[level] = [];
        if (!this.levels[level + 1]) this.levels.push([]);
        this.levels[level + 1]!.push(fileParentNode(nodes));
      }
    }
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

/** Reads in 4 MiB steps into one reused buffer: whole chunks are hashed where they lie. */
export async function cidOfFile(path: string, options: { signal?: AbortSignal } = {}): Promise<UnixfsNode> {
  const file = await open(path, 'r');
  try {
    const hasher = new UnixfsFileHasher();
    const buffer = Buffer.allocUnsafe(16 * CHUNK_SIZE);
    for (;;) {
      options.signal?.throwIfAborted();
      const { bytesRead } = await file.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) break;
      hasher.update(buffer.subarray(0, bytesRead));
    }
    return hasher.digest();
  } finally {
    await file.close();
  }
}
