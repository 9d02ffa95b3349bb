/**
 * The Workspace Files adapter against its fixture server: every endpoint,
 * each variant of what the seed leaves open, and the faults (401, 503, HTML
 * or wrongly shaped answers, a lying sha256, a cut download). Every answer
 * the fixture gave is checked against the seed's schemas (`violations`).
 *
 * With WORKSPACE_FILES_URL and WORKSPACE_FILES_TOKEN set, the endpoint tests
 * also run against that real server (in a folder of their own); the tests
 * that need a fixture switch run on the fixture only.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ProviderErrorCode, ProviderTransportError } from '../../../src-main/providers/provider-errors';
import { SINGLE_ROOT } from '../../../src-main/providers/storage-provider';
import { WorkspaceFilesProvider } from '../../../src-main/providers/workspace-files/workspace-provider';
import { startWorkspaceFilesServer, type WorkspaceFilesServer } from '../../fixtures/workspace-files/workspace-files-server';
import { listAnswerSchema, uploadAnswerSchema } from '../../fixtures/workspace-files/wire-schemas';
import { patternBytes, providerError, readAll, reusedBufferBody, textBody, uniqueName } from '../provider-test-kit';
import { zipEntries } from './zip-entries';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');
const R = SINGLE_ROOT;

interface Target {
  name: string;
  connect(): Promise<{ provider: WorkspaceFilesProvider; base: string; close(): Promise<void> }>;
}

const fixtureTarget: Target = {
  name: 'fixture server',
  async connect() {
    const server = await startWorkspaceFilesServer();
    const provider = new WorkspaceFilesProvider({ baseUrl: server.url, token: server.token });
    return {
      provider,
      base: '',
      async close() {
        provider.close();
        expect(server.violations).toEqual([]);
        await server.close();
      },
    };
  },
};

const realUrl = process.env.WORKSPACE_FILES_URL;
const realToken = process.env.WORKSPACE_FILES_TOKEN;
const realTarget: Target = {
  name: `real server at ${realUrl ?? '(WORKSPACE_FILES_URL not set)'}`,
  connect() {
    const provider = new WorkspaceFilesProvider({ baseUrl: realUrl!, token: realToken! });
    // The real service keeps what tests upload (it has no delete): each run writes under a folder of its own.
    return Promise.resolve({ provider, base: `${uniqueName('jcs-desktop-test')}/`, close: () => Promise.resolve(provider.close()) });
  },
};

for (const target of [fixtureTarget, realTarget]) {
  const real = target === realTarget;
  describe.skipIf(real && !(realUrl && realToken))(`Workspace Files client, endpoints (${target.name}${real ? '' : '; set WORKSPACE_FILES_URL and WORKSPACE_FILES_TOKEN to run these against a real server'})`, () => {
    let t: Awaited<ReturnType<Target['connect']>>;
    beforeAll(async () => {
      t = await target.connect();
    });
    afterAll(async () => {
      await t.close();
    });

    it('uploads into folders (files only make them), lists them with sizes and times, stats exactly', async () => {
      const { provider, base } = t;
      const bytes = patternBytes(300_000, 7);
      const [big] = await provider.put(R, [{ path: `${base}inputs/deep/big.bin`, body: reusedBufferBody(bytes) }]);
      const [small] = await provider.put(R, [{ path: `${base}hello.txt`, body: textBody('hello world\n') }]);
      expect(big).toMatchObject({ path: `${base}inputs/deep/big.bin`, size: bytes.length, extras: { sha256: sha256(bytes) } });
      expect(small).toMatchObject({ path: `${base}hello.txt`, size: 12 });
      expect(Date.parse(big!.modified)).toBeGreaterThan(Date.now() - 600_000);

      const top = await provider.listFolder(R, base);
      expect(top.entries.map((e) => e.path)).toEqual([`${base}hello.txt`]);
      expect(top.folders).toEqual([`${base}inputs/`]);
      expect((await provider.listFolder(R, `${base}inputs/`)).folders).toEqual([`${base}inputs/deep/`]);
      const all = await provider.listFolder(R, base, { recursive: true });
      expect(all.entries.map((e) => [e.path, e.size])).toEqual([
        [`${base}hello.txt`, 12],
        [`${base}inputs/deep/big.bin`, bytes.length],
      ]);
      expect(await provider.stat(R, `${base}inputs/deep/big.bin`)).toMatchObject({ path: `${base}inputs/deep/big.bin`, size: bytes.length, version: big!.version });
      expect(await provider.stat(R, `${base}inputs/deep`)).toBeUndefined(); // a folder is not a file
      expect(await provider.stat(R, `${base}inputs/deep/BIG.bin`)).toBeUndefined();
      expect(await provider.stat(R, `${base}nowhere/x`)).toBeUndefined();
      expect(await provider.listFolder(R, `${base}nowhere/`)).toEqual({ entries: [], folders: [], nextToken: null });
      expect(await provider.listFolder(R, `${base}hello.txt/`)).toEqual({ entries: [], folders: [], nextToken: null });
    });

    it('downloads a file whole, and a folder as a zip whose entries are the folder under user_upload/', async () => {
      const { provider, base } = t;
      const bytes = patternBytes(123_457, 3);
      await provider.put(R, [
        { path: `${base}zipme/a.bin`, body: reusedBufferBody(bytes) },
        { path: `${base}zipme/sub/b.txt`, body: textBody('bee') },
      ]);
      let counted = 0;
      const file = await provider.read(R, { path: `${base}zipme/a.bin` }, undefined, { onBytes: (n) => (counted += n) });
      expect(file.length).toBe(bytes.length);
      expect(sha256(await readAll(file))).toBe(sha256(bytes));
      expect(counted).toBe(bytes.length);
      const zip = await readAll(await provider.readFolderAsZip(R, `${base}zipme/`));
      const entries = await zipEntries(zip);
      const files = [...entries].filter(([name]) => !name.endsWith('/'));
      expect(files.map(([name]) => name).sort()).toEqual([`user_upload/${base}zipme/a.bin`, `user_upload/${base}zipme/sub/b.txt`]);
      expect(sha256(entries.get(`user_upload/${base}zipme/a.bin`)!)).toBe(sha256(bytes));
      await providerError(provider.read(R, { path: `${base}zipme/missing.bin` }), ProviderErrorCode.DataNotFound);
      await providerError(provider.read(R, { path: `${base}zipme/sub` }), ProviderErrorCode.DataNotFound); // a folder, not a file
      await providerError(provider.readFolderAsZip(R, `${base}not-there/`), ProviderErrorCode.DataNotFound);
    });

    it('probes by listing the top folder', async () => {
      expect(await t.provider.probe()).toEqual({ roots: 1 });
    });
  });
}

describe('Workspace Files client, variants and faults (fixture server)', () => {
  let server: WorkspaceFilesServer;
  let provider: WorkspaceFilesProvider;
  beforeAll(async () => {
    server = await startWorkspaceFilesServer();
    provider = new WorkspaceFilesProvider({ baseUrl: server.url, token: server.token, idleTimeoutMs: 5_000 });
  });
  afterEach(() => {
    server.set({ onExisting: 'overwrite', zipPrefix: 'user_upload', hostileZip: null, lieAboutSha256: false, notInitialized: false, cutDownloadAfter: null, answerAs: 'api', hostileListing: false });
    expect(server.violations).toEqual([]);
  });
  afterAll(async () => {
    provider.close();
    await server.close();
  });

  it("answers every endpoint in the seed's shapes (checked by the seed's schemas)", async () => {
    const headers = { authorization: `Bearer ${server.token}` };
    const form = new FormData();
    form.append('dir', 'schema');
    form.append('filename', 'x/../we ird.txt');
    form.append('file', new Blob(['abc']), 'ignored.txt');
    const upload = uploadAnswerSchema.parse(await (await fetch(`${server.url}/api/v1/files/upload`, { method: 'POST', headers, body: form })).json());
    expect(upload).toEqual({ success: true, path: 'schema/we ird.txt', filename: 'we ird.txt', size: 3, sha256: sha256(Buffer.from('abc')) });
    const top = listAnswerSchema.parse(await (await fetch(`${server.url}/api/v1/files`, { headers })).json());
    expect(top.base).toBe('.');
    expect(top.items).toContainEqual(expect.objectContaining({ name: 'schema', is_dir: true, path: 'schema' }));
    const inner = listAnswerSchema.parse(await (await fetch(`${server.url}/api/v1/files?path=schema`, { headers })).json());
    expect(inner.base).toBe('schema');
    expect(inner.items[0]!.modified_at % 1).not.toBe(0); // UNIX seconds with a fraction, as in the seed
    expect((await fetch(`${server.url}/api/v1/files?path=../etc`, { headers })).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/files?path=schema/we ird.txt`, { headers })).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/files?path=none`, { headers })).status).toBe(404);
    expect((await fetch(`${server.url}/api/v1/files/download`, { headers })).status).toBe(400);
    expect((await fetch(`${server.url}/api/v1/files`)).status).toBe(401);
    expect(await readFile(join(server.dir, 'schema', 'we ird.txt'), 'utf8')).toBe('abc');
  });

  it('a wrong token is refused in plain words, on every endpoint', async () => {
    const wrong = new WorkspaceFilesProvider({ baseUrl: server.url, token: 'not-the-token' });
    try {
      for (const call of [() => wrong.probe(), () => wrong.listFolder(R, ''), () => wrong.read(R, { path: 'x' }), () => wrong.put(R, [{ path: 'x.txt', body: textBody('x') }]), () => wrong.readFolderAsZip(R, '')]) {
        const error = await providerError(call(), ProviderErrorCode.Unauthorized);
        expect(error.message).toBe('the token was refused (wrong or expired)');
      }
    } finally {
      wrong.close();
    }
  });

  it('a workspace that is not initialized (503) is a retryable refusal saying so', async () => {
    server.set({ notInitialized: true });
    const error = await providerError(provider.listFolder(R, ''), ProviderErrorCode.OperationFailed);
    expect(error.message).toMatch(/the workspace is not initialized/);
    expect(error.retryable).toBe(true);
  });

  for (const answerAs of ['html', 'wrongShape'] as const) {
    it(`a server answering ${answerAs === 'html' ? 'an HTML page' : 'JSON of another shape'} is a clear error naming the endpoint`, async () => {
      server.set({ answerAs });
      const cases: Array<[Promise<unknown>, string]> = [
        [provider.listFolder(R, ''), 'GET /api/v1/files'],
        [provider.put(R, [{ path: 'p.txt', body: textBody('p') }]), 'POST /api/v1/files/upload'],
        [provider.readFolderAsZip(R, ''), 'GET /api/v1/files/download'],
      ];
      if (answerAs === 'html') cases.push([provider.read(R, { path: 'p.txt' }), 'GET /api/v1/files/download']);
      for (const [call, endpoint] of cases) {
        const error = await call.then(() => undefined, (e: unknown) => e);
        expect(error).toBeInstanceOf(ProviderTransportError);
        expect((error as Error).message).toContain(endpoint);
        expect((error as ProviderTransportError).retryable).toBe(false);
      }
    });
  }

  it('refuses an upload whose sha256 answer is not the hash of what was sent', async () => {
    server.set({ lieAboutSha256: true });
    const error = await providerError(provider.put(R, [{ path: 'lied.txt', body: textBody('the truth') }]), ProviderErrorCode.OperationFailed);
    expect(error.message).toMatch(/SHA-256 .* but 9 bytes with SHA-256 [0-9a-f]{64} were sent/);
    expect(error.message).toContain(sha256(Buffer.from('the truth')));
  });

  it('put over an existing name on each variant: replaced, refused as Conflict, or a Conflict naming the copy the service kept', async () => {
    await provider.put(R, [{ path: 'v/same.txt', body: textBody('one') }]);
    server.set({ onExisting: 'overwrite' });
    await provider.put(R, [{ path: 'v/same.txt', body: textBody('two') }]);
    expect(await readFile(join(server.dir, 'v', 'same.txt'), 'utf8')).toBe('two');

    server.set({ onExisting: 'refuse' });
    const refused = await providerError(provider.put(R, [{ path: 'v/same.txt', body: textBody('three') }]), ProviderErrorCode.Conflict);
    expect(refused.message).toContain("'v/same.txt' exists on the service");
    expect(await readFile(join(server.dir, 'v', 'same.txt'), 'utf8')).toBe('two');

    server.set({ onExisting: 'rename' });
    const renamed = await providerError(provider.put(R, [{ path: 'v/same.txt', body: textBody('four') }]), ProviderErrorCode.Conflict);
    expect(renamed.message).toContain("but at 'v/same (1).txt'");
    expect(await readFile(join(server.dir, 'v', 'same.txt'), 'utf8')).toBe('two');
    // What the engines look at before writing: stat is exact whichever the variant.
    expect(await provider.stat(R, 'v/same.txt')).toMatchObject({ size: 3 });
    expect(await provider.stat(R, 'v/same (1).txt')).toMatchObject({ size: 4 });
  });

  it('zip entries with or without the user_upload/ prefix, as the server sends them', async () => {
    await provider.put(R, [{ path: 'pz/in.txt', body: textBody('in') }]);
    const withPrefix = await zipEntries(await readAll(await provider.readFolderAsZip(R, 'pz/')));
    expect([...withPrefix.keys()].filter((n) => !n.endsWith('/'))).toEqual(['user_upload/pz/in.txt']);
    server.set({ zipPrefix: 'none' });
    const without = await zipEntries(await readAll(await provider.readFolderAsZip(R, 'pz/')));
    expect([...without.keys()].filter((n) => !n.endsWith('/'))).toEqual(['pz/in.txt']);
    const root = await zipEntries(await readAll(await provider.readFolderAsZip(R, '')));
    expect([...root.keys()]).toContain('pz/in.txt');
  });

  it('a download cut off mid-way fails its stream with a retryable transport error, for a file and a zip', async () => {
    const bytes = patternBytes(2_000_000, 9);
    await provider.put(R, [{ path: 'cut/big.bin', body: reusedBufferBody(bytes) }]);
    server.set({ cutDownloadAfter: 500_000 });
    for (const open of [() => provider.read(R, { path: 'cut/big.bin' }), () => provider.readFolderAsZip(R, 'cut/')]) {
      const result = await open();
      const error = await readAll(result).then(() => undefined, (e: unknown) => e);
      expect(error, 'the stream must fail, not end short').toBeInstanceOf(ProviderTransportError);
      expect((error as ProviderTransportError).retryable).toBe(true);
    }
  });

  it('never builds a request from a path with ..: refused before anything is sent', async () => {
    const before = server.requests.length;
    for (const bad of ['../x', 'a/../../x', '/etc/passwd', 'a\\..\\b']) {
      await providerError(provider.read(R, { path: bad }), ProviderErrorCode.InvalidInput);
      await providerError(provider.stat(R, bad), ProviderErrorCode.InvalidInput);
      await providerError(provider.put(R, [{ path: bad, body: textBody('x') }]), ProviderErrorCode.InvalidInput);
    }
    await providerError(provider.readFolderAsZip(R, '../'), ProviderErrorCode.InvalidInput);
    expect(server.requests.length).toBe(before);
  });

  it('a hostile listing cannot steer a recursive walk: no request for a folder outside the one listed, no loop', async () => {
    await provider.put(R, [{ path: 'walk/a/one.txt', body: textBody('1') }, { path: 'walk/two.txt', body: textBody('2') }]);
    server.set({ hostileListing: true });
    const before = server.requests.length;
    const page = await provider.listFolder(R, 'walk/', { recursive: true });
    // The listed files, plus what the service named (passed on as given: callers gate paths), never a walk outside.
    expect(page.entries.map((e) => e.path).sort()).toEqual(['../evil.txt', '../evil.txt', 'walk/a/one.txt', 'walk/two.txt'].sort());
    const listed = server.requests.slice(before).map((r) => new URL(r.url, 'http://x').searchParams.get('path'));
    expect(listed).toEqual(['walk', 'walk/a']);
  });

  it('pages a folder from one listing of it: the pages after the first read the snapshot the first page took', async () => {
    await mkdir(join(server.dir, 'many', 'sub'), { recursive: true });
    for (let i = 0; i < 450; i++) await writeFile(join(server.dir, 'many', `f${String(i).padStart(3, '0')}`), String(i));
    await writeFile(join(server.dir, 'many', 'sub', 'x'), 'x');
    for (const recursive of [false, true]) {
      const before = server.requests.length;
      const seen: string[] = [];
      let token: string | undefined;
      do {
        const page = await provider.listFolder(R, 'many/', { maxKeys: 50, token, recursive });
        seen.push(...page.entries.map((e) => e.path), ...page.folders);
        token = page.nextToken ?? undefined;
      } while (token);
      expect(seen.length).toBe(451);
      expect(server.requests.length - before, recursive ? 'one listing per folder' : 'one listing').toBe(recursive ? 2 : 1);
    }
  });
});
