/**
 * CIDs and DAG sizes computed by code we did not write, to check ours and the
 * node's against: Debian's `ipfs_cid` for files, and ipfs-unixfs-importer with
 * the options the spec page gives for Kubo's classic defaults (cid-version 0,
 * dag-pb leaves, 256 KiB chunks, balanced 174) for files and folders.
 */
import { spawnSync } from 'node:child_process';
import { importer, type ImportCandidate, type ImportCandidateStream } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';

export interface ReferenceNode {
  cid: string;
  dagSize: number;
}

/** Hash only: the importer needs a block store, and a CID is all we want back. */
const nullBlockstore = { put: (cid: unknown) => Promise.resolve(cid) } as never;

export function importerOptions(layout: { chunkSize?: number; maxLinksPerNode?: number } = {}) {
  return {
    cidVersion: 0 as const,
    rawLeaves: false,
    reduceSingleLeafToSelf: true,
    chunker: fixedSize({ chunkSize: layout.chunkSize ?? 262_144 }),
    layout: balanced({ maxChildrenPerNode: layout.maxLinksPerNode ?? 174 }),
  };
}

/** The importer's answer for one file's content (bytes or a stream of pieces). */
export async function importerFileCid(content: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>, layout?: { chunkSize?: number; maxLinksPerNode?: number }): Promise<ReferenceNode> {
  let last: ReferenceNode | undefined;
  for await (const entry of importer([{ content }], nullBlockstore, importerOptions(layout))) last = { cid: entry.cid.toString(), dagSize: Number(entry.size) };
  if (!last) throw new Error('the importer returned nothing');
  return last;
}

/** The importer's answer for a tree (`wrapWithDirectory`): every path it reports, the wrapping root under ''. */
export async function importerTree(source: ImportCandidateStream): Promise<Map<string, ReferenceNode>> {
  const all = new Map<string, ReferenceNode>();
  for await (const entry of importer(source, nullBlockstore, { ...importerOptions(), wrapWithDirectory: true })) {
    all.set(entry.path ?? '', { cid: entry.cid.toString(), dagSize: Number(entry.size) });
  }
  return all;
}

export const ipfsCidAvailable = spawnSync('ipfs_cid', ['--help'], { stdio: 'ignore' }).error === undefined;
export const ipfsCidSkipReason = 'the ipfs_cid binary (Debian package ipfs-cid) is not installed: cross-checks against it are skipped';

/** `ipfs_cid FILE` → its CIDv0 (it prints `{"CIDv0": …, "CIDv1": …}` then statistics on stderr). */
export function ipfsCidOfFile(path: string): string {
  const result = spawnSync('ipfs_cid', [path], { encoding: 'utf8', maxBuffer: 1024 * 1024 });
  if (result.status !== 0) throw new Error(`ipfs_cid ${path} failed (${result.status ?? result.signal}): ${result.stderr}`);
  const match = /\{[^}]*"CIDv0"[^}]*\}/.exec(result.stdout);
  if (!match) throw new Error(`ipfs_cid printed no CIDv0: ${result.stdout}`);
  return (JSON.parse(match[0]) as { CIDv0: string }).CIDv0;
}

export interface ReferenceEntry {
  path: string;
  content?: Uint8Array;
}

/** `ipfs add` of these entries as the importer computes it: path → CID and DAG size (`size`). */
export async function importerAdd(entries: readonly ReferenceEntry[], options: { wrapWithDirectory?: boolean } = {}): Promise<Map<string, { cid: string; size: number }>> {
  const source: ImportCandidate[] = entries.map((e) => (e.content ? { path: e.path, content: e.content } : { path: e.path }));
  const out = new Map<string, { cid: string; size: number }>();
  for await (const entry of importer(source, nullBlockstore, { ...importerOptions(), wrapWithDirectory: options.wrapWithDirectory ?? false })) {
    out.set(entry.path ?? '', { cid: entry.cid.toString(), size: Number(entry.size) });
  }
  return out;
}
