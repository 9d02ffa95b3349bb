/**
 * Publishing through the core, as the UI drives it: `publish.*` calls on a
 * real core with its embedded node; content read from a real package; IPFS
 * nodes, pinning services and chains on loopback.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomBytes } from 'node:crypto';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cidOfFolder } from '../../src-main/common/ipfs/unixfs-directory';
import { cidOfBytes, cidOfFile } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { LOCAL_CONNECTION_ID } from '../../src-shared/contract/domain';
import type { AppCore } from '../../src-main/core/app-core';
import { callErr, callOk, embeddedClient, openCore, putObjects, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';

const local = LOCAL_CONNECTION_ID;

/** A Kubo RPC that reads the whole add and then answers with a CID of its own. */
async function lyingKubo(): Promise<{ url: string; server: Server; adds: number }> {
  const state = { adds: 0 };
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      state.adds++;
      res.setHeader('Content-Type', 'application/json');
      res.end(`${JSON.stringify({ Name: 'a.txt', Hash: 'QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J', Size: '526717' })}\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    server,
    get adds() {
      return state.adds;
    },
  };
}

describe('publishing through the core', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let core: AppCore;
  let packageRoot: string;
  const servers: Server[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('jcs-publish');
    core = await openCore(temp.path, [], undefined, { publishing: { retry: { attempts: 3, baseDelayMs: 50, maxDelayMs: 100 } } });
    const bucket = await callOk(core, 'roots.create', { connectionId: local, parentId: null, name: 'pub' });
    const pkg = await callOk(core, 'roots.create', { connectionId: local, parentId: bucket.id, name: 'docs' });
    packageRoot = pkg.id;
    const client = embeddedClient(core);
    await putObjects(client, Number(pkg.extras.packageID), ['a.txt', 'folder/b.txt', 'folder/sub/c.txt']);
    client.close();
  });

  afterEach(async () => {
    for (const server of servers.splice(0)) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  afterAll(async () => {
    await core?.close();
    await temp?.remove();
  });

  async function finished(id: string) {
    return waitFor(`publish ${id} to finish`, async () => {
      const job = await callOk(core, 'publish.get', { id });
      return ['done', 'failed', 'cancelled'].includes(job.state) && job;
    });
  }

  it('publishes a folder and a file into the embedded node: CIDs equal ipfs add of the same files, badges, bytes served back', async () => {
    await callOk(core, 'publish.settings.update', { ipfsNode: 'embedded', orderRoute: 'none' });
    const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: packageRoot, targets: [{ type: 'folder', prefix: 'folder/' }, { type: 'object', path: 'a.txt' }] });
    const [folderJob, fileJob] = [await finished(jobs[0]!), await finished(jobs[1]!)];
    // The same files on disk, hashed as `ipfs add -r` would.
    await mkdir(join(temp.path, 'copy/folder/sub'), { recursive: true });
    await writeFile(join(temp.path, 'copy/folder/b.txt'), 'folder/b.txt');
    await writeFile(join(temp.path, 'copy/folder/sub/c.txt'), 'folder/sub/c.txt');
    const expected = await cidOfFolder(join(temp.path, 'copy/folder'));
    expect(folderJob.error).toBeNull();
    expect(folderJob).toMatchObject({ state: 'done', name: 'folder', cid: expected.root.cid, dagSize: expected.root.dagSize, localOnly: true, status: { label: 'ipfsOnly' } });
    expect(fileJob).toMatchObject({ state: 'done', name: 'a.txt', cid: cidOfBytes(Buffer.from('a.txt')).cid, size: 5 });
    const badges = await callOk(core, 'publish.badges', { connectionId: local, root: packageRoot });
    expect(badges.map((b) => [b.path, b.status.label]).sort()).toEqual([
      ['a.txt', 'ipfsOnly'],
      ['folder/', 'ipfsOnly'],
    ]);
    const ipfs = core.deps.embeddedNode.ipfsEndpoint()!;
    const cat = await fetch(`${ipfs.url}/api/v0/cat?arg=${fileJob.cid}`, { method: 'POST', headers: { authorization: `Bearer ${ipfs.token}` } });
    expect(await cat.text()).toBe('a.txt');
    const listed = await callOk(core, 'publish.list', { offset: 0, limit: 10, query: fileJob.cid!.slice(3, 12) });
    expect(listed.jobs.map((j) => j.id)).toEqual([fileJob.id]);
    expect(listed.counts.ipfsOnly).toBe(1);
  });

  it('publishes a file and a folder from this machine’s disk (hidden files too), and refuses links, relative and missing paths', async () => {
    await callOk(core, 'publish.settings.update', { ipfsNode: 'embedded', orderRoute: 'none' });
    const folder = join(temp.path, 'local/photos');
    await mkdir(join(folder, 'sub'), { recursive: true });
    await writeFile(join(folder, 'a.jpg'), randomBytes(300_000));
    await writeFile(join(folder, '.hidden'), 'h');
    await writeFile(join(folder, 'sub/b.txt'), 'b');
    const file = join(temp.path, 'local/report.pdf');
    await writeFile(file, randomBytes(1_000_000));
    const { jobs } = await callOk(core, 'publish.startLocal', { paths: [folder, file] });
    const [folderJob, fileJob] = [await finished(jobs[0]!), await finished(jobs[1]!)];
    expect(folderJob).toMatchObject({ state: 'done', name: 'photos', cid: (await cidOfFolder(folder)).root.cid, source: { local: true, folder: true, path: folder } });
    expect(fileJob).toMatchObject({ state: 'done', name: 'report.pdf', cid: (await cidOfFile(file)).cid, size: 1_000_000 });

    expect((await callErr(core, 'publish.startLocal', { paths: ['relative/path'] })).code).toBe('InvalidInput');
    expect((await callErr(core, 'publish.startLocal', { paths: [join(temp.path, 'nope')] })).code).toBe('NotFound');
    await symlink('/etc', join(folder, 'link'));
    const { jobs: linked } = await callOk(core, 'publish.startLocal', { paths: [folder] });
    const refused = await finished(linked[0]!);
    expect(refused.error).toMatchObject({ code: 'InvalidInput', message: expect.stringContaining('link') as unknown });
  });

  it('fails a publish whose IPFS node returns another CID than ours, naming both, and orders nothing', async () => {
    const kubo = await lyingKubo();
    servers.push(kubo.server);
    await callOk(core, 'publish.settings.update', { ipfsNode: 'kubo', kubo: { url: kubo.url, auth: 'none', username: '' }, orderRoute: 'none' });
    const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: packageRoot, targets: [{ type: 'object', path: 'a.txt' }] });
    const job = await finished(jobs[0]!);
    expect(job.state).toBe('failed');
    expect(job.error?.code).toBe('CidMismatch');
    expect(job.error?.message).toContain('QmerpzgQ7fg99NsgzTyw56oBUiYp9njVPLHAFQc437kt2J');
    expect(job.error?.params?.ours).toMatch(/^Qm/);
    expect(job.cid).toBeNull();
    expect(job.order.placedAt).toBeNull();
    expect(job.status.label).toBe('failed');
    expect(kubo.adds).toBe(1);
  });

  it('waits and retries when the IPFS node cannot be reached, saying which endpoint, then fails after its tries', async () => {
    const closed = await lyingKubo();
    await new Promise<void>((resolve) => closed.server.close(() => resolve()));
    await callOk(core, 'publish.settings.update', { ipfsNode: 'kubo', kubo: { url: closed.url, auth: 'none', username: '' }, orderRoute: 'none' });
    const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: packageRoot, targets: [{ type: 'object', path: 'a.txt' }] });
    const waiting = await waitFor('the job to wait for a retry', async () => {
      const job = await callOk(core, 'publish.get', { id: jobs[0]! });
      return job.state === 'waiting' && job;
    });
    expect(waiting.error?.code).toBe('ConnectionFailed');
    expect(waiting.error?.message).toContain(closed.url.replace('http://', ''));
    expect(waiting.nextAttemptAt).not.toBeNull();
    const job = await finished(jobs[0]!);
    expect(job.state).toBe('failed');
    expect(job.attempts).toBe(3);
  });

  it('refuses a publish setting that is missing, by name, before anything is read', async () => {
    await callOk(core, 'publish.settings.update', { ipfsNode: 'kubo', kubo: { url: '', auth: 'none', username: '' } });
    const { jobs } = await callOk(core, 'publish.start', { connectionId: local, root: packageRoot, targets: [{ type: 'folder', prefix: 'folder/' }] });
    const job = await finished(jobs[0]!);
    expect(job.error).toMatchObject({ code: 'NotConfigured', params: { what: 'the Kubo RPC URL' } });
  });

  it('keeps secrets out of every view, refuses an invalid recovery phrase before saving, and validates URLs', async () => {
    const view = await callOk(core, 'publish.settings.update', { secrets: { pinningToken: 'very-secret-token', kuboToken: 'kubo-secret' } });
    expect(view.secretsSet.sort()).toEqual(['kuboToken', 'pinningToken']);
    expect(JSON.stringify(view)).not.toContain('very-secret-token');
    expect(JSON.stringify(await callOk(core, 'publish.settings.get', {}))).not.toContain('kubo-secret');
    const refused = await callErr(core, 'publish.account.import', { mnemonic: 'not a real recovery phrase at all' });
    expect(refused.code).toBe('InvalidInput');
    expect((await callOk(core, 'publish.settings.get', {})).account).toBeNull();
    expect((await callErr(core, 'publish.settings.update', { chain: { url: 'javascript:alert(1)' } })).code).toBe('InvalidInput');
    const cleared = await callOk(core, 'publish.settings.update', { secrets: { pinningToken: '' } });
    expect(cleared.secretsSet).toEqual(['kuboToken']);
  });
});
