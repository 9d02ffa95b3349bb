/** Kubo add entries for local files and folders, and CIDs of them computed by code we did not write (ipfs_cid, ipfs-unixfs-importer). */
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { importer } from 'ipfs-unixfs-importer';
import { fixedSize } from 'ipfs-unixfs-importer/chunker';
import { balanced } from 'ipfs-unixfs-importer/layout';
import type { KuboAddEntry } from '../../../src-main/core/publish/kubo/kubo-client';

export const HAVE_IPFS_CID = existsSync('/usr/bin/ipfs_cid');

/** Debian's `ipfs_cid FILE`: the CIDv0 `ipfs add` would print with its classic defaults. */
export function ipfsCid(file: string): string {
  const out = execFileSync('ipfs_cid', [file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  return (JSON.parse(out) as { CIDv0: string }).CIDv0;
}

export async function fileEntry(path: string, file: string): Promise<KuboAddEntry> {
  const size = (await stat(file)).size;
  return { path, kind: 'file', size, open: () => Promise.resolve(createReadStream(file)) };
}

/** A folder as add entries: the folder first, each folder before what it holds, names sorted. */
export async function folderEntries(name: string, dir: string): Promise<KuboAddEntry[]> {
  const entries: KuboAddEntry[] = [{ path: name, kind: 'dir' }];
  for (const child of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, child.name);
    if (child.isDirectory()) entries.push(...(await folderEntries(`${name}/${child.name}`, full)));
    else entries.push(await fileEntry(`${name}/${child.name}`, full));
  }
  return entries;
}

const CLASSIC = { cidVersion: 0, rawLeaves: false, reduceSingleLeafToSelf: true, chunker: fixedSize({ chunkSize: 262144 }), layout: balanced({ maxChildrenPerNode: 174 }) } as const;

/** What ipfs-unixfs-importer makes of the same entries read from disk: path → {cid, dagSize}. */
export async function importerCids(entries: readonly KuboAddEntry[], wrapWithDirectory = false): Promise<Map<string, { cid: string; dagSize: number }>> {
  const out = new Map<string, { cid: string; dagSize: number }>();
  const candidates = await Promise.all(entries.map(async (entry) => (entry.kind === 'dir' ? { path: entry.path } : { path: entry.path, content: [new Uint8Array(await readStreamFully(entry))] })));
  for await (const result of importer(candidates, { put: (cid) => Promise.resolve(cid) }, { ...CLASSIC, wrapWithDirectory })) out.set(result.path ?? '', { cid: result.cid.toString(), dagSize: Number(result.size) });
  return out;
}

async function readStreamFully(entry: KuboAddEntry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of (await entry.open!()) as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

