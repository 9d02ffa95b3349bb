/**
 * The node's IPFS API driven by a third-party client: kubo-rpc-client (the
 * maintained JavaScript client of Kubo's RPC). It sends requests the way it
 * sends them to Kubo (its own field names, encodings and extra flags) and
 * parses the answers with its own code; small files only, since it sends
 * through fetch (crust-ipfs.md).
 */
import { randomBytes } from 'node:crypto';
import { create, type KuboRPCClient } from 'kubo-rpc-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importerAdd } from '../helpers/reference-cids';
import { startTestNode, type TestNode } from '../helpers/storage-node';

const TOKEN = 'kubo-client-token-0123456789';
const CLASSIC = { cidVersion: 0, rawLeaves: false, chunker: 'size-262144' } as const;

let t: TestNode;
let client: KuboRPCClient;

beforeAll(async () => {
  t = await startTestNode({ credentials: null, ipfs: { bearerToken: TOKEN } });
  client = create({ url: t.node.ipfsUrl, headers: { authorization: `Bearer ${TOKEN}` } });
});
afterAll(async () => t.dispose());

async function catBytes(...args: Parameters<KuboRPCClient['cat']>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of client.cat(...args)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

describe('kubo-rpc-client against the storage node', () => {
  it('adds a file and reads it back, whole and in ranges', async () => {
    const content = randomBytes(600_000);
    const progress: number[] = [];
    const added = await client.add({ path: 'file.bin', content }, { ...CLASSIC, progress: (bytes) => progress.push(bytes) });
    const expected = (await importerAdd([{ path: 'file.bin', content }])).get('file.bin')!;
    expect(added.cid.toString()).toBe(expected.cid);
    expect(added.size).toBe(expected.size);
    expect(added.path).toBe('file.bin');
    expect(progress).toEqual([262_144, 524_288, 600_000]);
    expect((await catBytes(added.cid)).equals(content)).toBe(true);
    expect((await catBytes(added.cid, { offset: 1000, length: 300_000 })).equals(content.subarray(1000, 301_000))).toBe(true);
  });

  it('adds a folder with wrap-with-directory', async () => {
    const files = [
      { path: 'album/one.txt', content: Buffer.from('one\n') },
      { path: 'album/deep/two.bin', content: randomBytes(270_000) },
    ];
    const results = await collect(client.addAll(files, { ...CLASSIC, wrapWithDirectory: true }));
    const expected = await importerAdd(files, { wrapWithDirectory: true });
    const byPath = new Map(results.map((r) => [r.path, r.cid.toString()]));
    for (const path of ['album/one.txt', 'album/deep/two.bin', 'album/deep', 'album', '']) expect(byPath.get(path), path).toBe(expected.get(path)!.cid);
    expect(results.at(-1)!.path).toBe('');
    expect((await catBytes(`/ipfs/${expected.get('')!.cid}/album/one.txt`)).toString()).toBe('one\n');
  });

  it('pins, lists and unpins', async () => {
    const { cid } = await client.add({ path: 'pinned.txt', content: Buffer.from('keep me\n') }, { ...CLASSIC, pin: false });
    expect((await collect(client.pin.ls({ paths: [] }))).map((p) => p.cid.toString())).not.toContain(cid.toString());
    expect((await client.pin.add(cid)).toString()).toBe(cid.toString());
    const pins = await collect(client.pin.ls({ type: 'recursive' }));
    expect(pins).toContainEqual(expect.objectContaining({ type: 'recursive' }));
    expect(pins.map((p) => p.cid.toString())).toContain(cid.toString());
    expect((await client.pin.rm(cid)).toString()).toBe(cid.toString());
    await expect(catBytes(cid)).rejects.toThrow(/not on this node/);
  });

  it('reads version and id', async () => {
    const version = await client.version();
    expect(version.version).toEqual(expect.any(String));
    const id = await client.id();
    expect(id.id.toString()).toMatch(/^12D3KooW/);
    expect(id.addresses).toEqual([]);
  });

  it('gets the node\'s reasons as errors', async () => {
    await expect(client.add({ path: 'x', content: Buffer.from('x') }, { cidVersion: 1 })).rejects.toThrow(/cid-version=1 is not supported/);
    const bare = create({ url: t.node.ipfsUrl });
    await expect(bare.version()).rejects.toThrow(/authorization required/);
  });
});
