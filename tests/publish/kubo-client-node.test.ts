/**
 * The Kubo client's happy path against the storage node's own Kubo-RPC subset
 * (src-main/storage-node/ipfs, a server we did not write for this client):
 * files and folders added over real HTTP on loopback with the node's bearer
 * token, the CIDs checked against Debian's ipfs_cid and our CID code, the
 * content read back from the node.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cidOfFolder } from '../../src-main/common/ipfs/unixfs-directory';
import { cidOfFile } from '../../src-main/common/ipfs/unixfs-file-hasher';
import { KuboClient } from '../../src-main/core/publish/kubo/kubo-client';
import { PublishEndpointError } from '../../src-main/core/publish/publish-endpoint-error';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';
import { fileEntry, folderEntries, HAVE_IPFS_CID, ipfsCid } from './helpers/kubo-entries';

const TOKEN = 'node-ipfs-token-0123456789abcdef';
let t: TestNode;
let dir: { path: string; remove: () => Promise<void> };
let client: KuboClient;

beforeAll(async () => {
  t = await startTestNode({ credentials: null, ipfs: { bearerToken: TOKEN } });
  dir = await makeTempDir('kubo-node');
  client = new KuboClient({ url: t.node.ipfsUrl!, auth: { kind: 'bearer', token: TOKEN }, timeoutMs: 10_000 });
});
afterAll(async () => {
  client?.close();
  await t?.dispose();
  await dir?.remove();
});

/** `cat` through the node's API, to see that what was added is what the node keeps. */
function cat(cid: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = request(`${t.node.ipfsUrl}/api/v0/cat?arg=${cid}`, { method: 'POST', headers: { authorization: `Bearer ${TOKEN}` } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => (res.statusCode === 200 ? resolve(Buffer.concat(chunks)) : reject(new Error(`cat answered ${res.statusCode}: ${Buffer.concat(chunks).toString()}`))));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('KuboClient against the storage node', () => {
  it('adds a file: the CID is ipfs_cid\'s and ours, the DAG size ours, the bytes the node keeps are the file', async () => {
    const file = join(dir.path, 'scan 01.dcm');
    const content = randomBytes(5 * 262144 + 77);
    await writeFile(file, content);
    const progress: number[] = [];
    const { root } = await client.add([await fileEntry('scan 01.dcm', file)], { onProgress: (bytes) => progress.push(bytes) });
    const ours = await cidOfFile(file);
    expect(root).toEqual({ name: 'scan 01.dcm', cid: ours.cid, dagSize: ours.dagSize });
    if (HAVE_IPFS_CID) expect(root.cid).toBe(ipfsCid(file));
    expect(progress.at(-1)).toBe(content.length);
    expect((await cat(root.cid)).equals(content)).toBe(true);
  });

  it('adds a folder (nested, an empty subfolder, unicode): the root is the folder and equals our folder CID', async () => {
    const top = join(dir.path, '研究 album');
    await mkdir(join(top, 'sub/empty'), { recursive: true });
    await writeFile(join(top, 'a.txt'), 'hello world\n');
    await writeFile(join(top, 'sub/b.bin'), randomBytes(300_000));
    const entries = await folderEntries('研究 album', top);
    const { root, all } = await client.add(entries);
    const ours = await cidOfFolder(top);
    expect(root).toEqual({ name: '研究 album', cid: ours.root.cid, dagSize: ours.root.dagSize });
    for (const entry of ours.entries) expect(all.find((a) => a.name === `研究 album/${entry.path}`)?.cid, entry.path).toBe(entry.cid);
    expect(all.find((a) => a.name === '研究 album/a.txt')?.cid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
  });

  it('wraps a file in a folder when asked, pins, and reports the version', async () => {
    const file = join(dir.path, 'hello.txt');
    await writeFile(file, 'hello world\n');
    const { root, all } = await client.add([await fileEntry('hello.txt', file)], { wrapWithDirectory: true });
    expect(root.name).toBe('');
    expect(all.find((a) => a.name === 'hello.txt')?.cid).toBe('QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o');
    await client.pinAdd(root.cid);
    expect((await client.version()).version).toMatch(/\d/);
  });

  it('a wrong token is TokenRefused and nothing is added', async () => {
    const file = join(dir.path, 'refused.bin');
    await writeFile(file, randomBytes(1000));
    const wrong = new KuboClient({ url: t.node.ipfsUrl!, auth: { kind: 'bearer', token: 'not-the-token' } });
    const error = await wrong.add([await fileEntry('refused.bin', file)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PublishEndpointError);
    expect((error as PublishEndpointError).code).toBe('TokenRefused');
    await expect(cat((await cidOfFile(file)).cid)).rejects.toThrow();
    wrong.close();
  });
});
