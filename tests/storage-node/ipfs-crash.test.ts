/**
 * An add that does not finish changes nothing: killed with SIGKILL while its
 * body streams in (one file of it already complete), or cut off by its client,
 * it leaves no recorded CID, no pin, no temp file and no stray blob. The
 * node process is started through its CLI with --ipfs-port.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataDirChecker } from '../helpers/node-inspection';
import { kuboCall, kuboUrl, multipartChunks, MULTIPART_TYPE } from '../helpers/kubo-rpc';
import { importerAdd } from '../helpers/reference-cids';
import { spawnNodeProcess, startTestNode, type NodeProcess } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const MB = 1024 * 1024;

/** Resolves once `tmp/` holds a file of at least `bytes` (the add's second file is being written). */
async function untilTempHolds(dataDir: string, bytes: number, deadlineMs = 20_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    const tmp = join(dataDir, 'tmp');
    const sizes = readdirSync(tmp).map((name) => statSync(join(tmp, name), { throwIfNoEntry: false })?.size ?? 0);
    if (sizes.some((size) => size >= bytes)) return;
    if (Date.now() - start > deadlineMs) throw new Error(`no temp file of ${bytes} bytes after ${deadlineMs} ms: ${sizes.join(', ')}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** An add whose first file is complete and whose second never ends (until the request is torn down). */
function endlessAdd(api: string, first: Buffer): { aborted: Promise<void>; abort: () => void } {
  function* endless(): Generator<Uint8Array> {
    const chunk = randomBytes(MB);
    for (;;) yield chunk;
  }
  const body = Readable.from(multipartChunks([{ path: 'a/first.bin', content: first }, { path: 'a/second.bin', content: endless }]));
  const req = request(kuboUrl(api, 'add'), { method: 'POST', headers: { 'content-type': MULTIPART_TYPE }, agent: false });
  const aborted = new Promise<void>((resolve) => {
    req.on('error', () => resolve());
    req.on('close', () => resolve());
  });
  body.pipe(req);
  return { aborted, abort: () => req.destroy() };
}

describe('an add that never finishes', { timeout: 60_000 }, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let proc: NodeProcess | undefined;
  beforeAll(async () => {
    temp = await makeTempDir('ipfs-crash');
  });
  afterAll(async () => {
    if (proc && proc.child.exitCode === null && proc.child.signalCode === null) {
      proc.child.kill('SIGKILL');
      await proc.exited;
    }
    await temp.remove();
  });

  async function start(): Promise<string> {
    proc = await spawnNodeProcess(['--data', temp.path, '--port', '0', '--ipfs-port', '0']);
    const match = /IPFS API \(Kubo RPC subset\) on (http:\/\/\S+)\/api\/v0\//.exec(proc.output());
    expect(match, proc.output()).not.toBeNull();
    return match![1]!;
  }

  it('killed mid-body (SIGKILL): nothing is recorded after the restart', async () => {
    let api = await start();
    const first = randomBytes(300_000);
    const firstCid = (await importerAdd([{ path: 'first.bin', content: first }])).get('first.bin')!.cid;
    const add = endlessAdd(api, first);
    await untilTempHolds(temp.path, 8 * MB);
    proc!.child.kill('SIGKILL');
    expect(await proc!.exited).toBe('SIGKILL');
    await add.aborted;

    api = await start();
    expect((await kuboCall(api, 'pin/ls')).lines()[0]).toEqual({ Keys: {} });
    expect((await kuboCall(api, 'cat', { query: { arg: firstCid } })).status).toBe(500);
    proc!.child.kill('SIGTERM');
    expect(await proc!.exited).toBe(0);
    expect((await new DataDirChecker(temp.path).check()).problems).toEqual([]);
  });

  it('cut off by its client: nothing is recorded and no temp file stays', async () => {
    const t = await startTestNode({ credentials: null, ipfs: {} });
    try {
      const api = t.node.ipfsUrl!;
      const first = randomBytes(300_000);
      const firstCid = (await importerAdd([{ path: 'first.bin', content: first }])).get('first.bin')!.cid;
      const add = endlessAdd(api, first);
      await untilTempHolds(t.dataDir, 4 * MB);
      add.abort();
      await add.aborted;
      // The node notices the hang-up and cleans up; version answers once it is serving again.
      for (let i = 0; i < 200 && readdirSync(join(t.dataDir, 'tmp')).length > 0; i++) await new Promise((resolve) => setTimeout(resolve, 25));
      expect(readdirSync(join(t.dataDir, 'tmp'))).toEqual([]);
      expect((await kuboCall(api, 'pin/ls')).lines()[0]).toEqual({ Keys: {} });
      expect((await kuboCall(api, 'cat', { query: { arg: firstCid } })).status).toBe(500);
    } finally {
      await t.dispose();
    }
  });
});
