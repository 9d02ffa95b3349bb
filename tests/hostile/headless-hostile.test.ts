/**
 * Headless mode's browser downloads from a hostile JCS service: the real
 * `serve.mjs` process (core, embedded node, HTTP server) with a connection to
 * the hostile fake, asked over HTTP exactly as a browser asks.
 * - `/api/download/object`: a good object arrives whole and marked verified;
 *   damaged bytes are cut off before the declared Content-Length (the last
 *   chunk never leaves), so the browser sees a failed download; `path` is
 *   required; an unverifiable hash arrives marked not verified, or is refused
 *   before any byte when the settings require verification.
 * - `/api/download/folder`: zip entries never carry `..`, absolute or
 *   otherwise unusable names — those are left out and listed in a report
 *   entry — and a damaged object cuts the zip short.
 * After every hostile request the server still answers, its process alive.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http, { type IncomingHttpHeaders } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { JcsObject } from '../../src-shared/jcs/wire';
import { ensureRendererBuilt, serveScript, waitFor, jcsDraft } from '../helpers/core';
import { HostileJcs } from '../helpers/hostile-jcs';
import { repoRoot, startTestNode, type TestNode } from '../helpers/storage-node';
import { readStoredZip } from '../helpers/stored-zip';
import { makeTempDir } from '../helpers/temp-dir';

interface Fetched {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** False when the connection broke before the response ended (a browser marks such a download failed). */
  complete: boolean;
}

let temp: Awaited<ReturnType<typeof makeTempDir>>;
let child: ChildProcess;
let output = '';
let port: number;
let node: TestNode;
let hostile: HostileJcs;
let connectionId: string;
let packageId: number;
/** The package as the app names it. */
let root: string;
const token = randomBytes(24).toString('base64url');

function fetch(path: string, options: { method?: string; body?: unknown } = {}): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: `127.0.0.1:${port}`, Authorization: `Bearer ${token}` };
    if (options.body !== undefined) headers['Content-Type'] = 'application/json';
    const req = http.request({ host: '127.0.0.1', port, path, method: options.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      let settled = false;
      const done = (complete: boolean) => {
        if (settled) return;
        settled = true;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete });
      };
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done(res.complete));
      res.on('aborted', () => done(false));
      res.on('error', () => done(false));
      res.on('close', () => done(res.complete));
    });
    req.on('error', reject);
    req.end(options.body === undefined ? undefined : JSON.stringify(options.body));
  });
}

async function call<T>(name: string, input: unknown): Promise<T> {
  const reply = await fetch(`/api/call/${name}`, { method: 'POST', body: input });
  const result = JSON.parse(reply.body.toString('utf8')) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${name} failed: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** The server answers and its process is alive. */
async function stillServing(): Promise<void> {
  expect(child.exitCode, output).toBeNull();
  expect(child.signalCode).toBeNull();
  expect((await call<{ name: string }>('app.info', {})).name).toBe('JCS Desktop');
}

async function put(path: string, body: Buffer | string): Promise<JcsObject> {
  const [object] = await node.client.uploadObjects(packageId, [{ path, body: Buffer.from(body) }]);
  return object!;
}

/** The object's `ref` as the app's listing gives it (what the UI puts in a download link). */
async function refOf(object: JcsObject): Promise<string> {
  const folder = object.path.slice(0, object.path.lastIndexOf('/') + 1);
  const page = await call<{ entries: Array<{ path: string; ref?: string }> }>('objects.list', { connectionId, root, prefix: folder, maxKeys: 10_000 });
  const ref = page.entries.find((e) => e.path === object.path)?.ref;
  if (ref === undefined) throw new Error(`'${object.path}' is not listed with a ref`);
  return ref;
}

async function objectUrl(object: JcsObject, path: string | null = object.path): Promise<string> {
  const query = new URLSearchParams({ connection: connectionId, root, ref: await refOf(object) });
  if (path !== null) query.set('path', path);
  return `/api/download/object?${query.toString()}`;
}

function folderUrl(prefix: string): string {
  return `/api/download/folder?${new URLSearchParams({ connection: connectionId, root, prefix }).toString()}`;
}

beforeAll(async () => {
  ensureRendererBuilt();
  temp = await makeTempDir('jcs-headless-hostile');
  node = await startTestNode({ credentials: null });
  hostile = await HostileJcs.start(node.node.url);
  const bucket = await node.client.createBucket('hostile');
  packageId = (await node.client.createPackage(bucket.bucketID, 'files')).packageID;

  child = spawn(process.execPath, [serveScript, '--port', '0', '--data', temp.path, `--token=${token}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await waitFor('serve to print its address', () => /open (http:\/\/\S+)\/\?token=/.exec(output)?.[1] ?? (child.exitCode !== null ? 'exited' : undefined), 30_000);
  if (url === 'exited') throw new Error(`serve exited (${child.exitCode}):\n${output}`);
  port = Number(new URL(url).port);
  connectionId = (await call<{ id: string }>('connections.add', jcsDraft('hostile', hostile.url))).id;
  const [bucketRoot] = await call<Array<{ id: string }>>('roots.list', { connectionId, parentId: null });
  const [packageRoot] = await call<Array<{ id: string }>>('roots.list', { connectionId, parentId: bucketRoot!.id });
  root = packageRoot!.id;
});

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  await hostile?.close();
  await node?.dispose();
  await temp?.remove();
});

describe('GET /api/download/object from a hostile service', () => {
  it('a good object arrives whole, marked verified', async () => {
    const bytes = randomBytes(300_000);
    const object = await put('good.bin', bytes);
    const reply = await fetch(await objectUrl(object));
    expect(reply).toMatchObject({ status: 200, complete: true });
    expect(reply.headers['x-jcs-verified']).toBe('true');
    expect(reply.body.equals(bytes)).toBe(true);
  });

  it('damaged bytes are cut off before the declared length, large or small, and the server keeps serving', async () => {
    for (const [path, size] of [['damaged-large.bin', 600_000], ['damaged-tiny.txt', 10]] as const) {
      const object = await put(path, randomBytes(size));
      hostile.corrupt.add(path);
      const reply = await fetch(await objectUrl(object));
      expect(reply.status, path).toBe(200);
      expect(Number(reply.headers['content-length'])).toBe(size);
      expect(reply.complete, path).toBe(false);
      expect(reply.body.length, path).toBeLessThan(size);
      await stillServing();
    }
  });

  it('needs the path (to know the hash to check), and refuses a path that does not name the object', async () => {
    const object = await put('named.txt', 'named');
    const without = await fetch(await objectUrl(object, null));
    expect(without.status).toBe(400);
    expect(JSON.parse(without.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    const other = await put('other.txt', 'other');
    const wrong = await fetch(await objectUrl(object, other.path));
    expect(wrong.status).toBe(400);
    expect(JSON.parse(wrong.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'DataNotFound' } });
    await stillServing();
  });

  it('a hash that cannot be checked: sent marked not verified; refused before any byte when verification is required', async () => {
    const object = await put('comp.bin', 'multipart-ish content');
    hostile.hashes.set('comp.bin', `Comp${'0F'.repeat(32)}`);
    const lenient = await fetch(await objectUrl(object));
    expect(lenient).toMatchObject({ status: 200, complete: true });
    expect(lenient.headers['x-jcs-verified']).toBe('false');
    expect(lenient.body.toString('utf8')).toBe('multipart-ish content');

    await put('strict/comp.bin', 'unverifiable');
    await put('strict/ok.txt', 'verifiable');
    hostile.hashes.set('strict/comp.bin', 'FullNOTHEX');
    const settings = await call<{ transfers: Record<string, unknown> }>('settings.get', {});
    // The setting is validated like the other transfer settings.
    const bad = await fetch('/api/call/settings.update', { method: 'POST', body: { transfers: { ...settings.transfers, requireVerifiedDownloads: 'yes' } } });
    expect(JSON.parse(bad.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'InvalidInput' } });
    await call('settings.update', { transfers: { ...settings.transfers, requireVerifiedDownloads: true } });
    try {
      const before = hostile.seen('/object/download').length;
      const strict = await fetch(await objectUrl(object));
      expect(strict.status).toBe(400);
      expect(JSON.parse(strict.body.toString('utf8'))).toMatchObject({ ok: false, error: { code: 'UnverifiableHash' } });
      expect(hostile.seen('/object/download').length).toBe(before); // not even fetched
      const zip = await fetch(folderUrl('strict/'));
      expect(zip).toMatchObject({ status: 200, complete: true });
      const entries = readStoredZip(zip.body);
      expect([...entries.keys()].sort()).toEqual(['strict - download report.txt', 'strict/ok.txt']);
      expect(entries.get('strict - download report.txt')!.toString('utf8')).toContain("UnverifiableHash (requireVerifiedDownloads): 'strict/comp.bin' has a hash that cannot be checked");
    } finally {
      await call('settings.update', { transfers: { ...settings.transfers, requireVerifiedDownloads: false } });
    }
    await stillServing();
  });
});

describe('GET /api/download/folder from a hostile service', () => {
  it('entries with names that leave the folder are left out and reported; the good ones are in the zip with their bytes', async () => {
    await put('zip/good.txt', 'good');
    await put('zip/sub/deeper.txt', 'deeper');
    const aliases: Record<string, string> = {
      'zip/h1': 'zip/../victim.txt',
      'zip/h2': 'zip/a/../../../x.txt',
      'zip/h3': 'zip//etc/passwd',
      'zip/h4': 'zip/a\\..\\..\\win.txt',
      'zip/h5': 'zip/ctl\u0007.txt',
      'zip/h6': 'elsewhere/outside.txt',
    };
    for (const [real, alias] of Object.entries(aliases)) {
      await put(real, `payload of ${alias}`);
      hostile.aliases.set(real, alias);
    }
    await put('zip/unverified.txt', 'unverified');
    hostile.hashes.set('zip/unverified.txt', 'garbage');

    const reply = await fetch(folderUrl('zip/'));
    expect(reply).toMatchObject({ status: 200, complete: true });
    expect(reply.headers['x-jcs-verified']).toBe('false');
    const entries = readStoredZip(reply.body);
    const names = [...entries.keys()].sort();
    expect(names).toEqual(['zip - download report.txt', 'zip/good.txt', 'zip/sub/deeper.txt', 'zip/unverified.txt']);
    for (const name of names) {
      expect(name.split('/')).not.toContain('..');
      expect(name.startsWith('/')).toBe(false);
    }
    expect(entries.get('zip/good.txt')!.toString('utf8')).toBe('good');
    expect(entries.get('zip/sub/deeper.txt')!.toString('utf8')).toBe('deeper');
    const report = entries.get('zip - download report.txt')!.toString('utf8');
    expect(report).toContain("UnsafeRemotePath (dotSegment): 'zip/../victim.txt' has a '..' segment");
    expect(report).toContain("UnsafeRemotePath (absolute): 'zip//etc/passwd' is an absolute path");
    expect(report).toContain("UnsafeRemotePath (backslash): 'zip/a\\..\\..\\win.txt'");
    expect(report).toContain("UnsafeRemotePath (controlCharacter): 'zip/ctl\\u0007.txt'");
    expect(report).toContain("UnsafeRemotePath (notUnderFolder): 'elsewhere/outside.txt'");
    expect(report).toMatch(/not verified[^\n]*\n {2}'zip\/unverified\.txt'/);
    await stillServing();
  });

  it('a damaged object cuts the zip short (no central directory), and the server keeps serving', async () => {
    await put('broken/first.txt', 'first');
    await put('broken/second.bin', randomBytes(200_000));
    await put('broken/third.txt', 'third');
    hostile.corrupt.add('broken/second.bin');
    const reply = await fetch(folderUrl('broken/'));
    expect(reply.status).toBe(200);
    expect(reply.complete).toBe(false);
    expect(reply.body.length).toBeLessThan(Number(reply.headers['content-length']));
    expect(() => readStoredZip(reply.body)).toThrow();
    await stillServing();
    // And once more: a server that survived once survives again.
    expect((await fetch(folderUrl('broken/'))).complete).toBe(false);
    await stillServing();
  });

  it('a package whose name would leave the folder is zipped under package-<its root id>', async () => {
    hostile.packageNames.set(packageId, '../..');
    try {
      const reply = await fetch(folderUrl(''));
      expect(reply.headers['content-disposition']).toContain(`package-${root}.zip`);
      expect(reply.complete).toBe(false); // the package holds the damaged objects above: the zip is cut short
      await stillServing();
    } finally {
      hostile.packageNames.delete(packageId);
    }
  });
});
