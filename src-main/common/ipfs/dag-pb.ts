/**
 * dag-pb and UnixFS encoding as go-ipfs (Kubo) writes it for CIDv0 with
 * dag-pb leaves. Field order follows the dag-pb spec's canonical form:
 * PBNode writes Links (field 2) before Data (field 1); a PBLink writes Hash,
 * Name, Tsize, and the Name is written even when empty (file links carry "").
 */
import { ProtoWriter, varintLength, writeVarint } from './protobuf';

/** UnixFS Data.Type values. */
export const UNIXFS_DIRECTORY = 1;
export const UNIXFS_FILE = 2;

export interface PbLink {
  /** the binary CIDv0 (34 bytes) */
  hash: Uint8Array;
  name: string;
  /** the linked DAG's cumulative size */
  tsize: number;
}

export function encodePbNode(links: readonly PbLink[], data: Uint8Array): Uint8Array {
  const node = new ProtoWriter();
  for (const link of links) {
    const encoded = new ProtoWriter().bytesField(1, link.hash).bytesField(2, Buffer.from(link.name, 'utf8')).varintField(3, link.tsize).finish();
    node.bytesField(2, encoded);
  }
  return node.bytesField(1, data).finish();
}

/** UnixFS Data of a file node above leaves: Type=File, filesize, one blocksize per child; no Data of its own. */
export function encodeFileBranchData(fileSize: number, childFileSizes: readonly number[]): Uint8Array {
  const data = new ProtoWriter().varintField(1, UNIXFS_FILE).varintField(3, fileSize);
  for (const size of childFileSizes) data.varintField(4, size);
  return data.finish();
}

export function encodeDirectoryData(): Uint8Array {
  return new ProtoWriter().varintField(1, UNIXFS_DIRECTORY).finish();
}

/**
 * A leaf block of `length` file bytes is `header ++ bytes ++ trailer`; these
 * are the header and trailer, so the bytes can be hashed where they lie.
 *   PBNode.Data(1) { UnixFS Type(1)=File, Data(2)=bytes, filesize(3)=length }
 * An empty leaf (the empty file) has no UnixFS Data field, as Kubo writes it.
 */
export function leafFraming(length: number): { header: Uint8Array; trailer: Uint8Array } {
  const trailer = new Uint8Array(1 + varintLength(length));
  writeVarint(trailer, writeVarint(trailer, 0, 0x18), length); // filesize(3), varint
  const unixfsDataField = length === 0 ? 0 : 1 + varintLength(length) + length; // Data(2): key + length + bytes
  const unixfsLength = 2 + unixfsDataField + trailer.length; // Type(1)=File: 0x08 0x02
  const header = new Uint8Array(1 + varintLength(unixfsLength) + 2 + (length === 0 ? 0 : 1 + varintLength(length)));
  let offset = writeVarint(header, 0, 0x0a); // PBNode.Data(1), length-delimited
  offset = writeVarint(header, offset, unixfsLength);
  header[offset++] = 0x08;
  header[offset++] = UNIXFS_FILE;
  if (length > 0) {
    header[offset++] = 0x12; // UnixFS Data(2), length-delimited
    writeVarint(header, offset, length);
  }
  return { header, trailer };
}
