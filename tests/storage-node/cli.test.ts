/**
 * The storage-node command line as a real child process: the ready line, a
 * served port, clean exits on SIGINT and SIGTERM, exit code 2 with a message
 * for bad arguments, the loopback rule, and one node per data folder.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { rawRequest, runCli } from '../helpers/node-inspection';
import { generateCredentials, spawnNodeProcess, type NodeProcess } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const READY = /^storage node listening on http:\/\/127\.0\.0\.1:(\d+)$/m;

describe('storage-node CLI', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const running: NodeProcess[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('jcs-cli');
  });

  afterAll(async () => {
    for (const p of running) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    }
    await temp.remove();
  });

  async function spawnNode(args: string[]): Promise<NodeProcess> {
    const p = await spawnNodeProcess(args);
    running.push(p);
    return p;
  }

  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    it(`--port 0 prints the real port, serves it, and exits 0 on ${signal}`, async () => {
      const dataDir = join(temp.path, `serve-${signal}`);
      const p = await spawnNode(['--data', dataDir, '--port', '0']);
      const port = Number(READY.exec(p.output())?.[1]);
      expect(port).toBeGreaterThan(0);
      expect(p.url).toBe(`http://127.0.0.1:${port}`);

      const res = await rawRequest(`${p.url}/v1/bucket/listAll`);
      expect(res.status).toBe(200);
      expect(res.json()).toMatchObject({ code: 'OK', data: { buckets: [] } });
      const client = new JcsClient({ baseUrl: p.url });
      try {
        const bucket = await client.createBucket('cli');
        expect(await client.listBuckets()).toEqual([bucket]);
      } finally {
        client.close();
      }
      expect(existsSync(join(dataDir, 'node.lock'))).toBe(true);

      p.child.kill(signal);
      expect(await p.exited, p.output()).toBe(0);
      expect(p.output()).toContain(`${signal} received`);
      expect(existsSync(join(dataDir, 'node.lock')), 'a clean stop releases the data folder').toBe(false);
    });
  }

  it('exits 0 on a signal sent the moment the ready line appears', async () => {
    for (let i = 0; i < 5; i++) {
      const p = await spawnNode(['--data', join(temp.path, 'instant'), '--port', '0']);
      p.child.kill(i % 2 ? 'SIGINT' : 'SIGTERM');
      expect(await p.exited, p.output()).toBe(0);
    }
  });

  it('keeps its data across restarts on the same folder', async () => {
    const dataDir = join(temp.path, 'restart');
    const first = await spawnNode(['--data', dataDir, '--port', '0']);
    const c1 = new JcsClient({ baseUrl: first.url });
    const bucket = await c1.createBucket('kept');
    c1.close();
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    const second = await spawnNode(['--data', dataDir, '--port', '0']);
    const c2 = new JcsClient({ baseUrl: second.url });
    try {
      expect(await c2.listBuckets()).toEqual([bucket]);
    } finally {
      c2.close();
    }
    second.child.kill('SIGTERM');
    expect(await second.exited).toBe(0);
  });

  it('exits 2 with a message when --data is missing', async () => {
    const { code, output } = await runCli(['--port', '0']);
    expect(code).toBe(2);
    expect(output).toMatch(/--data DIR is required/);
    expect(output).toMatch(/usage:/);
  });

  it('exits 2 with a message when --port is missing or bad', async () => {
    const dataDir = join(temp.path, 'bad-port');
    const missing = await runCli(['--data', dataDir]);
    expect(missing.code).toBe(2);
    expect(missing.output).toMatch(/--port PORT is required/);
    for (const port of ['abc', '65536', '99999', '1.5', '']) {
      const { code, output } = await runCli(['--data', dataDir, `--port=${port}`]);
      expect(code, `--port=${port}`).toBe(2);
      expect(output, `--port=${port}`).toMatch(/--port must be 0-65535/);
    }
  });

  it('exits 2 with a message for unknown options and half a key pair', async () => {
    const dataDir = join(temp.path, 'bad-args');
    const unknown = await runCli(['--data', dataDir, '--port', '0', '--verbose']);
    expect(unknown.code).toBe(2);
    expect(unknown.output).toMatch(/--verbose/);
    const half = await runCli(['--data', dataDir, '--port', '0', '--access-key', 'AK']);
    expect(half.code).toBe(2);
    expect(half.output).toMatch(/--access-key and --secret-key go together/);
  });

  it('refuses --host 0.0.0.0 without keys, with a message about loopback', async () => {
    const { code, output } = await runCli(['--data', join(temp.path, 'open-host'), '--port', '0', '--host', '0.0.0.0']);
    expect(code).not.toBe(0);
    expect(code).toBe(2);
    expect(output).toMatch(/refusing to serve on 0\.0\.0\.0 without an access key and secret key/);
    expect(output).toMatch(/loopback/);
    expect(output).not.toMatch(/listening/);
  });

  it('serves on --host 0.0.0.0 with keys, signed requests only', async () => {
    const credentials = generateCredentials();
    const p = await spawnNode(['--data', join(temp.path, 'keyed'), '--port', '0', '--host', '0.0.0.0', '--access-key', credentials.accessKey, `--secret-key=${credentials.secretKey}`]);
    expect(p.url).toMatch(/^http:\/\/0\.0\.0\.0:\d+$/);
    const loopback = p.url.replace('0.0.0.0', '127.0.0.1');
    expect((await rawRequest(`${loopback}/v1/bucket/listAll`)).status).toBe(401);
    const client = new JcsClient({ baseUrl: loopback, credentials });
    try {
      expect(await client.listBuckets()).toEqual([]);
    } finally {
      client.close();
    }
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
  });

  it('refuses a second node on a data folder in use, naming the folder, and leaves the first one serving', async () => {
    const dataDir = join(temp.path, 'shared');
    const first = await spawnNode(['--data', dataDir, '--port', '0']);
    const second = await runCli(['--data', dataDir, '--port', '0']);
    expect(second.code).toBe(2);
    expect(second.output).toContain(dataDir);
    expect(second.output).toMatch(/in use by another storage node \(pid \d+\)/);
    expect(second.output).toContain(`pid ${first.child.pid}`);
    expect(second.output).not.toMatch(/listening/);

    expect((await rawRequest(`${first.url}/v1/bucket/listAll`)).status).toBe(200);
    expect(existsSync(join(dataDir, 'node.lock'))).toBe(true);
    first.child.kill('SIGINT');
    expect(await first.exited).toBe(0);

    // Once the first has stopped, the folder is free again.
    const third = await spawnNode(['--data', dataDir, '--port', '0']);
    third.child.kill('SIGTERM');
    expect(await third.exited).toBe(0);
  });
});
