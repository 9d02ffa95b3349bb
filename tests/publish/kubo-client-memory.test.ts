/**
 * The Kubo client streams an add with constant memory: 256 MiB go through it
 * while its process grows by less than 64 MB (Node 20's fetch would hold the
 * whole body: ~1.1 GB RSS for 1 GiB, measured for the spec page). The client
 * runs in a child process so that the fixture's own buffers do not count.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startKuboRpcServer, type KuboRpcServer } from '../fixtures/kubo-rpc/kubo-rpc-server';
import { makeTempDir } from '../helpers/temp-dir';

const SIZE = 256 * 1024 * 1024;
const MB = 1024 * 1024;
let dir: { path: string; remove: () => Promise<void> };
let kubo: KuboRpcServer;
let file: string;

beforeAll(async () => {
  dir = await makeTempDir('kubo-memory');
  file = join(dir.path, 'big.bin');
  const handle = await open(file, 'w');
  const block = randomBytes(MB);
  for (let written = 0; written < SIZE; written += MB) await handle.write(block);
  await handle.close();
  kubo = await startKuboRpcServer({ countOnly: true });
});
afterAll(async () => {
  await kubo?.close();
  await dir?.remove();
});

it('adds 256 MiB with the client process growing by less than 64 MB', { timeout: 120_000 }, async () => {
  const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', 'tests/publish/helpers/kubo-add-child.ts', kubo.url, file], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  expect(code, err).toBe(0);
  const report = JSON.parse(out.trim().split('\n').at(-1)!) as { baselineRss: number; peakRss: number; maxRssKernel: number; root: { name: string }; progressCalls: number };
  console.log(`client RSS: baseline ${(report.baselineRss / MB).toFixed(1)} MB, peak ${(report.peakRss / MB).toFixed(1)} MB (kernel high-water ${(report.maxRssKernel / MB).toFixed(1)} MB)`);
  expect(kubo.adds.at(-1)!.parts).toEqual([{ path: 'big.bin', type: 'application/octet-stream', bytes: SIZE }]);
  expect(report.root.name).toBe('big.bin');
  expect(report.progressCalls).toBe(SIZE / (256 * 1024));
  expect(report.peakRss - report.baselineRss).toBeLessThan(64 * MB);
  expect(report.maxRssKernel - report.baselineRss).toBeLessThan(64 * MB);
});
