/**
 * dag-pb blocks as go-ipfs writes them (links first, then data; links of a
 * file with an empty name, links of a directory sorted by name bytes) and the
 * UnixFS data inside them, for the node types `ipfs add` makes.
 */
import { createHash } from 'node:crypto';
import { cidV0, multihashOf } from './cid';
import { encodeVarint, ProtoWriter, varintLength, writeVarint } from './protobuf';

/** UnixFS node types (unixfs.proto). */
const DIRECTORY = 1;
const FILE = 2;

export interface DagLink {
  /** 34-byte multihash of the child block. */
  multihash: Uint8Array;
  name: string;
  /** The child's cumulative size: its block plus everything below it. */
  tsize: number;
}

export interface DagNode {
  cid: string;
  multihash: Uint8Array;
  /** Block length + the links' tsizes: Kubo's "Size". */
  dagSize: number;
  /** File bytes under this node. */
  fileSize: number;
}

/**
 * Hashes a leaf block (UnixFS File holding `data`) without copying `data`: the
 * protobuf bytes before and after it are hashed around it.
 */
export function leafNode(data: Uint8Array): DagNode {
  const n = data.length;
  // UnixFS: Type=File, Data=bytes (absent when empty, as go writes it), filesize.
  const unixfsLength = 2 + (n > 0 ? 1 + varintLength(n) + n : 0) + 1 + varintLength(n);
  const head = new Uint8Array(1 + varintLength(unixfsLength) + 2 + (n > 0 ? 1 + varintLength(n) : 0));
  let at = 0;
  head[at++] = 0x0a; // PBNode.Data
  at = writeVarint(head, at, unixfsLength);
  head[at++] = 0x08; // Type
  head[at++] = FILE;
  if (n > 0) {
    head[at++] = 0x12; // Data
    writeVarint(head, at, n);
  }
  const tail = new Uint8Array(1 + varintLength(n));
  tail[0] = 0x18; // filesize
  writeVarint(tail, 1, n);
  const digest = createHash('sha256').update(head).update(data).update(tail).digest();
  const multihash = multihashOf(digest);
  return { cid: cidV0(multihash), multihash, dagSize: head.length + n + tail.length, fileSize: n };
}

/** An inner node of a file: links to its children, their file sizes as blocksizes. */
export function fileParentNode(children: readonly DagNode[]): DagNode {
  const unixfs = new ProtoWriter().varint(1, FILE);
  let fileSize = 0;
  for (const child of children) fileSize += child.fileSize;
  unixfs.varint(3, fileSize);
  for (const child of children) unixfs.varint(4, child.fileSize);
  return encodeNode(
    children.map((child) => ({ multihash: child.multihash, name: '', tsize: child.dagSize })),
    unixfs.finish(),
    fileSize,
  );
}

/** A basic UnixFS directory: links sorted by name bytes, as go's encoder sorts them. */
export function directoryBlockNode(links: readonly DagLink[]): DagNode {
  const sorted = [...links].sort((a, b) => Buffer.compare(Buffer.from(a.name), Buffer.from(b.name)));
  return encodeNode(sorted, new ProtoWriter().varint(1, DIRECTORY).finish(), 0);
}

function encodeNode(links: readonly DagLink[], unixfs: Uint8Array, fileSize: number): DagNode {
  const node = new ProtoWriter();
  let linked = 0;
  for (const link of links) {
    const encoded = new ProtoWriter().bytes(1, link.multihash).bytes(2, new TextEncoder().encode(link.name)).varint(3, link.tsize).finish();
    node.bytes(2, encoded);
    linked += link.tsize;
  }
  node.bytes(1, unixfs);
  const block = node.finish();
  const multihash = multihashOf(createHash('sha256').update(block).digest());
  return { cid: cidV0(multihash), multihash, dagSize: block.length + linked, fileSize };
}

export { encodeVarint };
