/**
 * `npm run serve -- --host 0.0.0.0 --allow-remote`: reached over a real
 * non-loopback address of this machine, it answers requests that name any of
 * the machine's own addresses, prints them for users on other machines, and
 * still refuses names (DNS rebinding) and foreign origins. Skipped where the
 * machine has no non-loopback IPv4 address.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, serveScript, waitFor } from '../helpers/core';
import { repoRoot } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

const address = Object.values(networkInterfaces())
  .flatMap((list) => list ?? [])
  .find((info) => info.family === 'IPv4' && !info.internal)?.address;

interface Reply {
  status: number;
  body: string;
}

describe.skipIf(!address)(`headless mode on every address (--host 0.0.0.0 --allow-remote), reached at ${address}`, () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  let child: ChildProcess;
  let output = '';
  let exited: Promise<number | string>;
  let port: number;
  const token = randomBytes(24).toString('base64url');

  /** A request sent to `connectTo` with exactly this Host header (and the token). */
  function call(connectTo: string, host: string, headers: Record<string, string> = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
      const req = http.request(
        { host: connectTo, port, path: '/api/call/app.info', method: 'POST', headers: { Host: host, Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers }, agent: false },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString() }));
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
  }

  beforeAll(async () => {
    ensureRendererBuilt();
    temp = await makeTempDir('jcs-headless-remote');
    child = spawn(process.execPath, [serveScript, '--host', '0.0.0.0', '--allow-remote', '--port', '0', '--data', join(temp.path, 'data'), `--token=${token}`], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
    exited = new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
    await waitFor('serve to print where to open it', () => /open http:\/\/\S+\/\?token=\S+\n/.test(output) || child.exitCode !== null, 30_000);
    const opened = /open http:\/\/\S+:(\d+)\/\?token=/.exec(output);
    if (!opened) throw new Error(`serve did not start:\n${output}`);
    port = Number(opened[1]);
  });

  afterAll(async () => {
    if (child && child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
    await temp?.remove();
  });

  it("prints the machine's addresses for other machines", async () => {
    // The lines may reach the pipe in more than one chunk; wait for the last one.
    await waitFor('the address lines', () => output.includes(`  http://${address}:`), 10_000);
    expect(output).toContain(`open http://127.0.0.1:${port}/?token=${token}`);
    expect(output).toContain(`from another machine, open this machine by its address`);
    expect(output).toContain(`  http://${address}:${port}/?token=${token}`);
  });

  it("answers requests over the network that name the machine's address, and loopback names locally", async () => {
    expect((await call(address!, `${address}:${port}`)).status).toBe(200);
    expect((await call(address!, `${address}:${port}`, { Origin: `http://${address}:${port}` })).status).toBe(200);
    expect((await call('127.0.0.1', `127.0.0.1:${port}`)).status).toBe(200);
    expect((await call('127.0.0.1', `localhost:${port}`)).status).toBe(200);
  });

  it('still refuses names, other ports and foreign origins', async () => {
    for (const host of [`evil.example:${port}`, `${address}:${port + 1}`, `${address}.nip.io:${port}`, `10.255.255.1:${port}`]) {
      const reply = await call(address!, host);
      expect(reply.status, host).toBe(403);
      expect(JSON.parse(reply.body)).toMatchObject({ ok: false, error: { code: 'Forbidden' } });
    }
    for (const origin of ['http://evil.example', `http://${address}:${port + 1}`, `https://${address}:${port}`]) {
      expect((await call(address!, `${address}:${port}`, { Origin: origin })).status, origin).toBe(403);
    }
  });
});
