/**
 * Helpers for the user-space tests: a signed caller of a real node's routes,
 * temp folders with files, and waits that poll the node's own state.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { expect } from 'vitest';
import type { Credentials } from '../../../src-main/common/sigv4';
import { expectFailure, okData, raw, type Envelope, type RawResponse } from '../routes-support';

export interface Caller {
  post(route: string, json: unknown): Promise<RawResponse>;
  get(route: string, query?: Record<string, string | number>): Promise<RawResponse>;
  ok<T = Record<string, unknown>>(res: RawResponse): T;
  fails(res: RawResponse, status: number, code: string, mentions?: string | readonly string[]): Envelope;
}

export function caller(url: string, credentials: Credentials | undefined): Caller {
  return {
    post: (route, json) => raw(url, `/v1${route}`, { json, credentials }),
    get: (route, query) => raw(url, `/v1${route}`, { query, credentials }),
    ok: (res) => okData(res),
    fails: (res, status, code, mentions) => expectFailure(res, status, code, mentions),
  };
}

/** Writes `files` (relative path → content) under `root`. */
export async function writeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    const path = join(root, ...rel.split('/'));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }
}

/** Every file under `root` as relative path → SHA-256 (hidden `.jcs-*` files included, so leftovers show). */
export async function treeHashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else out[relative(root, path).split('\\').join('/')] = createHash('sha256').update(await readFile(path)).digest('hex');
    }
  };
  await walk(root);
  return out;
}

export function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

export async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

/** Polls `read` until `done` says so (or fails after `timeoutMs`). */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 20_000, label = 'condition'): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (done(value)) return value;
    if (Date.now() > until) {
      expect.fail(`timed out waiting for ${label}; last value: ${JSON.stringify(value).slice(0, 800)}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function localSpace(name: string, localPath: string, workingDir = '') {
  return { name, storage: { type: 'Local', localPath }, credential: { type: 'Local' }, shardStore: null, features: [], workingDir };
}
