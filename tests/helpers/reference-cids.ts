/**
 * CIDs and DAG sizes from code we did not write, to check the node's answers
 * against: Debian's `ipfs_cid` for files, and ipfs-unixfs-importer with the
 * settings that reproduce `ipfs add` (crust-ipfs.md) for files and folders.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';
import { importer, type ImportCandidate } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';

export const IPFS_CID_BINARY = '/usr/bin/ipfs_cid';
export const hasIpfsCid = existsSync(IPFS_CID_BINARY);

/** `ipfs_cid FILE` → its CIDv0 (Kubo's classic defaults). */
export async function ipfsCidOfFile(path: string): Promise<string> {
  const { stdout } = await promisify(execFile)(IPFS_CID_BINARY, [path]);
  return (JSON.parse(stdout) as { CIDv0: string }).CIDv0;
}

export interface ReferenceEntry {
  path: string;
  content?: Uint8Array;
}

/** `ipfs add` of these entries as ipfs-unixfs-importer computes it: path → CID and DAG size. */
export async function importerAdd(entries: readonly ReferenceEntry[], options: { wrapWithDirectory?: boolean } = {}): Promise<Map<string, { cid: string; size: number }>> {
  const blockstore = { put: (cid: unknown) => Promise.resolve(cid) };
  const source: ImportCandidate[] = entries.map((e) => (e.content ? { path: e.path, content: e.content } : { path: e.path }));
  const out = new Map<string, { cid: string; size: number }>();
  for await (const entry of importer(source, blockstore as never, {
    cidVersion: 0,
    rawLeaves: false,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: 262_144 }),
    layout: balanced({ maxChildrenPerNode: 174 }),
    wrapWithDirectory: options.wrapWithDirectory ?? false,
  })) {
    out.set(entry.path ?? '', { cid: entry.cid.toString(), size: Number(entry.size) });
  }
  return out;
}
