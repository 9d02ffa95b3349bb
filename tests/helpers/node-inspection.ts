/**
 * Looking at a storage node from outside: raw HTTP requests (to send what the
 * typed client never would), running the CLI to completion, and checking a
 * stopped node's data folder against the invariants the node promises after a
 * crash (metadata intact, every committed object backed by its bytes, no
 * stray temp or blob files). A blob's bytes are a file under `blobs/` or,
 * for small blobs since schema version 6, a row of `inline_blobs`.
 */
import { spawn } from 'node:child_process';
import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import http, { type IncomingHttpHeaders } from 'node:http';
import { join } from 'node:path';
import Database from 'libsql';
import { repoRoot } from './storage-node';
import { STORAGE_NODE_V8_FLAGS } from '../../src-main/storage-node/v8-flags';

// ---- raw HTTP ----

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The body parsed as JSON (throws if it is not). */
  json(): { code: string; message: string; data: unknown };
}

export function rawRequest(url: string | URL, options: { method?: string; headers?: Record<string, string | number>; body?: Buffer | string } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: options.method ?? 'GET', headers: options.headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({
          status: res.statusCode ?? 0,
          headers: res.headers,
          body,
          json: () => JSON.parse(body.toString('utf8')) as { code: string; message: string; data: unknown },
        });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

// ---- the CLI ----

/** Runs the storage-node CLI bundle (built by tests/global-setup.ts) until it exits; kills it after `timeoutMs`. */
export function runCli(args: string[], timeoutMs = 15_000): Promise<{ code: number | string; output: string }> {
  return new Promise((resolve) => {
    // Keys come only from the arguments given here, never from the environment the tests run in.
    const env = { ...process.env };
    delete env.JCS_NODE_ACCESS_KEY;
    delete env.JCS_NODE_SECRET_KEY;
    const child = spawn(process.execPath, [...STORAGE_NODE_V8_FLAGS, 'out/cli/storage-node.mjs', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      // Let the pipes drain before reporting.
      setImmediate(() => resolve({ code: code ?? signal ?? 'unknown', output }));
    });
  });
}

// ---- the data folder ----

const HEX64 = /^[0-9a-f]{64}$/;
const ZERO_HASH = 'Full' + '0'.repeat(64);
const EMPTY_FULL_HASH = 'Full' + createHash('sha256').update('').digest('hex').toUpperCase();

export interface InspectedObject {
  objectId: number;
  packageId: number;
  path: string;
  size: number;
  fileHash: string;
  redundancy: string;
}

export interface DataDirReport {
  /** Every broken invariant, as a sentence; empty when the folder is consistent. */
  problems: string[];
  objects: InspectedObject[];
  /** Blob files on disk: name → size. */
  blobFiles: Map<string, number>;
  /** Blobs inline in the catalog (schema version 6): name → size. */
  inlineBlobs: Map<string, number>;
  /** Entries left in <data>/tmp. */
  tmpEntries: string[];
}

interface SegmentRow {
  object_id: number;
  seq: number;
  start_offset: number;
  size: number;
  blob: string;
}

interface PartRow {
  object_id: number;
  part_index: number;
  size: number;
  blob: string;
}

/**
 * Checks a stopped node's data folder. Hashing work is cached across calls
 * (blob files are immutable and named by their hash), so checking the same
 * folder after every crash stays cheap.
 */
export class DataDirChecker {
  private readonly verifiedBlobs = new Map<string, number>();
  private readonly prefixHashes = new Map<string, Hash>();
  /** The inline blobs of the folder's catalog, read at each check. */
  private inline = new Map<string, Buffer>();

  constructor(readonly dataDir: string) {}

  /**
   * `collected`: the blob collector has run since the last write (true right
   * after a node started and stopped without writes), so no blob may be
   * unreferenced and nothing may wait in blob_gc.
   */
  async check({ collected = true }: { collected?: boolean } = {}): Promise<DataDirReport> {
    const problems: string[] = [];
    const db = new Database(join(this.dataDir, 'metadata.db'));
    let objects: InspectedObject[];
    let segments: SegmentRow[];
    let parts: PartRow[];
    let gc: string[];
    let ipfsFiles: Array<{ cid: string; blob: string; size: number }>;
    let danglingLinks: Array<{ dir_cid: string; name: string; child_cid: string }>;
    this.inline = new Map();
    try {
      const integrity = db.prepare('PRAGMA integrity_check').all() as Array<{ integrity_check: string }>;
      if (integrity.length !== 1 || integrity[0]!.integrity_check !== 'ok') problems.push(`integrity_check: ${JSON.stringify(integrity)}`);
      const fk = db.prepare('PRAGMA foreign_key_check').all();
      if (fk.length > 0) problems.push(`foreign_key_check: ${JSON.stringify(fk)}`);
      objects = (
        db
          .prepare('SELECT object_id, package_id, path, size, file_hash, redundancy FROM objects ORDER BY object_id')
          .all() as Array<{ object_id: number; package_id: number; path: string; size: number; file_hash: string; redundancy: string }>
      ).map((r) => ({ objectId: r.object_id, packageId: r.package_id, path: r.path, size: r.size, fileHash: r.file_hash, redundancy: r.redundancy }));
      segments = db.prepare('SELECT object_id, seq, start_offset, size, blob FROM object_segments ORDER BY object_id, seq').all() as SegmentRow[];
      parts = db.prepare('SELECT object_id, part_index, size, blob FROM multipart_parts ORDER BY object_id, part_index').all() as PartRow[];
      gc = (db.prepare('SELECT blob FROM blob_gc').all() as Array<{ blob: string }>).map((r) => r.blob);
      // The IPFS tables (schema version 3) refer to blobs too; every link must lead to a recorded file or folder.
      ipfsFiles = db.prepare('SELECT cid, blob, size FROM ipfs_files ORDER BY cid').all() as typeof ipfsFiles;
      danglingLinks = db
        .prepare(
          `SELECT dir_cid, name, child_cid FROM ipfs_links WHERE dir_cid NOT IN (SELECT cid FROM ipfs_dirs)
             OR (child_cid NOT IN (SELECT cid FROM ipfs_files) AND child_cid NOT IN (SELECT cid FROM ipfs_dirs))`,
        )
        .all() as typeof danglingLinks;
      const hasInline = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'inline_blobs'").get() !== undefined;
      if (hasInline) for (const row of db.prepare('SELECT blob, data FROM inline_blobs').all() as Array<{ blob: string; data: ArrayBuffer }>) this.inline.set(row.blob, Buffer.from(row.data));
    } finally {
      db.close();
    }

    const blobFiles = await this.listBlobFiles(problems);
    const inlineBlobs = new Map([...this.inline].map(([name, data]) => [name, data.length]));
    // Where each blob's bytes are: a file, else a row inline in the catalog.
    const stored = new Map([...inlineBlobs, ...blobFiles]);
    const tmpEntries = await readdir(join(this.dataDir, 'tmp')).catch((error: NodeJS.ErrnoException) => {
      problems.push(`tmp folder unreadable: ${error.code}`);
      return [] as string[];
    });
    if (tmpEntries.length > 0) problems.push(`tmp is not empty: ${tmpEntries.join(', ')}`);

    const segmentsOf = groupBy(segments, (s) => s.object_id);
    const partsOf = groupBy(parts, (p) => p.object_id);
    const objectIds = new Set(objects.map((o) => o.objectId));
    for (const id of new Set([...segmentsOf.keys(), ...partsOf.keys()])) {
      if (!objectIds.has(id)) problems.push(`segments or parts of object ${id}, which does not exist`);
    }

    for (const object of objects) {
      const label = `object ${object.objectId} '${object.path}'`;
      const segs = segmentsOf.get(object.objectId) ?? [];
      const objectParts = partsOf.get(object.objectId) ?? [];
      if (object.redundancy === 'multipartUpload') {
        if (object.size !== 0 || object.fileHash !== ZERO_HASH) problems.push(`${label}: pending multipart upload with size ${object.size} and hash ${object.fileHash}`);
        if (segs.length > 0) problems.push(`${label}: pending multipart upload has segments`);
        for (const part of objectParts) {
          if (part.size > 0) this.requireBlob(stored, part.blob, part.size, `${label} part ${part.part_index}`, problems);
        }
        continue;
      }
      if (object.redundancy !== 'none') {
        problems.push(`${label}: unexpected redundancy '${object.redundancy}'`);
        continue;
      }
      if (objectParts.length > 0) problems.push(`${label}: complete object still has multipart parts`);
      if (!/^Full[0-9A-F]{64}$/.test(object.fileHash)) problems.push(`${label}: malformed fileHash ${object.fileHash}`);
      let offset = 0;
      let missing = false;
      segs.forEach((s, i) => {
        if (s.seq !== i) problems.push(`${label}: segment seq ${s.seq} at position ${i}`);
        if (s.start_offset !== offset) problems.push(`${label}: segment ${s.seq} starts at ${s.start_offset}, expected ${offset}`);
        offset += s.size;
        if (s.size > 0 && !this.requireBlob(stored, s.blob, s.size, `${label} segment ${s.seq}`, problems)) missing = true;
      });
      if (offset !== object.size) problems.push(`${label}: segments hold ${offset} bytes, object size is ${object.size}`);
      if (missing) continue;
      if (object.size === 0) {
        if (object.fileHash !== EMPTY_FULL_HASH) problems.push(`${label}: empty object with hash ${object.fileHash}`);
        continue;
      }
      const actual = 'Full' + (await this.contentHash(segs.filter((s) => s.size > 0))).toUpperCase();
      if (actual !== object.fileHash) problems.push(`${label}: content hashes to ${actual}, fileHash says ${object.fileHash}`);
    }

    for (const link of danglingLinks) problems.push(`IPFS link '${link.name}' of ${link.dir_cid} to ${link.child_cid} leads to nothing recorded`);
    for (const file of ipfsFiles) if (file.size > 0) this.requireBlob(stored, file.blob, file.size, `IPFS file ${file.cid}`, problems);
    const referenced = new Set([...segments, ...parts, ...ipfsFiles].filter((r) => r.size > 0).map((r) => r.blob));
    for (const [name, size] of blobFiles) {
      if (!referenced.has(name)) {
        if (collected || !gc.includes(name)) problems.push(`orphan blob file ${name} (${size} bytes) is referenced by nothing${gc.includes(name) ? ' (queued in blob_gc)' : ''}`);
        continue;
      }
      await this.verifyBlobContent(name, size, problems);
    }
    for (const [name, data] of this.inline) {
      if (!HEX64.test(name)) problems.push(`inline blob row named ${name}`);
      else if (!referenced.has(name) && (collected || !gc.includes(name))) problems.push(`orphan inline blob ${name} (${data.length} bytes) is referenced by nothing${gc.includes(name) ? ' (queued in blob_gc)' : ''}`);
      const digest = createHash('sha256').update(data).digest('hex');
      if (digest !== name) problems.push(`inline blob ${name} holds content hashing to ${digest}`);
    }
    if (collected && gc.length > 0) problems.push(`blob_gc still lists ${gc.length} blob(s) after collection`);

    return { problems, objects, blobFiles, inlineBlobs, tmpEntries };
  }

  private async listBlobFiles(problems: string[]): Promise<Map<string, number>> {
    const files = new Map<string, number>();
    const blobsDir = join(this.dataDir, 'blobs');
    for (const shard of await readdir(blobsDir)) {
      const shardDir = join(blobsDir, shard);
      if (!(await stat(shardDir)).isDirectory()) {
        problems.push(`stray file in blobs/: ${shard}`);
        continue;
      }
      for (const name of await readdir(shardDir)) {
        if (!HEX64.test(name) || name.slice(0, 2) !== shard) {
          problems.push(`stray file blobs/${shard}/${name}`);
          continue;
        }
        files.set(name, (await stat(join(shardDir, name))).size);
      }
    }
    return files;
  }

  private requireBlob(files: Map<string, number>, blob: string, size: number, label: string, problems: string[]): boolean {
    const actual = files.get(blob);
    if (actual === undefined) {
      problems.push(`${label}: blob ${blob} is missing (no file, no inline row)`);
      return false;
    }
    if (actual !== size) {
      problems.push(`${label}: blob file ${blob} has ${actual} bytes, the row says ${size}`);
      return false;
    }
    return true;
  }

  /** A blob file's content must hash to its name. */
  private async verifyBlobContent(name: string, size: number, problems: string[]): Promise<void> {
    if (this.verifiedBlobs.get(name) === size) return;
    const hash = createHash('sha256');
    await this.feed(hash, name);
    const digest = hash.digest('hex');
    if (digest !== name) problems.push(`blob file ${name} holds content hashing to ${digest}`);
    else this.verifiedBlobs.set(name, size);
  }

  /** SHA-256 of the segments' blobs joined; the hash of all but the last segment is cached (objects made of repeated parts share it). */
  private async contentHash(segments: readonly SegmentRow[]): Promise<string> {
    const head = segments.slice(0, -1);
    const key = head.map((s) => `${s.blob}:${s.size}`).join(',');
    let hash = this.prefixHashes.get(key)?.copy();
    if (!hash) {
      hash = createHash('sha256');
      for (const s of head) await this.feed(hash, s.blob);
      this.prefixHashes.set(key, hash.copy());
    }
    const last = segments[segments.length - 1];
    if (last) await this.feed(hash, last.blob);
    return hash.digest('hex');
  }

  /** A blob's bytes into `hash`: from its file, or from its inline row when it has no file. */
  private async feed(hash: Hash, name: string): Promise<void> {
    const path = join(this.dataDir, 'blobs', name.slice(0, 2), name);
    const inline = this.inline.get(name);
    if (inline && !existsSync(path)) {
      hash.update(inline);
      return;
    }
    for await (const chunk of createReadStream(path, { highWaterMark: 4 * 1024 * 1024 })) hash.update(chunk as Buffer);
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}
