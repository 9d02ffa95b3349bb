/**
 * A real S3 service for tests and benchmarks: one Ceph RGW on loopback, started
 * and stopped through scripts/rgw/. Plain Node (no vitest), so a benchmark can
 * import it as well as the tests' global setup (tests/helpers/rgw-shared.ts).
 */
import { spawn } from 'node:child_process';
import { S3Client } from '@aws-sdk/client-s3';
import { accessSync, constants } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const scripts = fileURLToPath(new URL('../../scripts/rgw/', import.meta.url));
const START_TIMEOUT_MS = 180_000;

export interface RgwServer {
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** The run folder (config, logs, pid files). */
  dir: string;
}

export interface StartRgwOptions {
  /** A new or empty folder for the cluster. */
  dir: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** The OSD's in-memory capacity (default 2048 MiB). */
  memstoreMiB?: number;
  /** The cluster stops itself when this process is gone (default: this one), so a killed run leaves no daemons. */
  ownerPid?: number;
}

const TOOLS = ['radosgw', 'radosgw-admin', 'ceph-mon', 'ceph-osd', 'ceph', 'monmaptool', 'curl'];

/** Why RGW cannot run here (the first missing program), or undefined when it can. */
export function rgwMissing(): string | undefined {
  const path = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  for (const tool of TOOLS) {
    const found = path.some((dir) => {
      try {
        accessSync(join(dir, tool), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
    if (!found) return `'${tool}' is not installed (apt-get install radosgw ceph-mon ceph-osd ceph-common curl)`;
  }
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function runScript(name: string, env: Record<string, string>, timeoutMs: number): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('bash', [join(scripts, name)], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const timer = setTimeout(() => child.kill('SIGTERM'), timeoutMs);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

/** Starts a cluster in `options.dir` (about 13 s here) and resolves once the S3 user exists. */
export async function startRgw(options: StartRgwOptions): Promise<RgwServer> {
  const accessKeyId = options.accessKeyId ?? 'jcs-test-access';
  const secretAccessKey = options.secretAccessKey ?? 'jcs-test-secret-key';
  const env = {
    RGW_DIR: options.dir,
    RGW_PORT: String(await freePort()),
    RGW_MON_PORT: String(await freePort()),
    RGW_ACCESS_KEY: accessKeyId,
    RGW_SECRET_KEY: secretAccessKey,
    RGW_MEMSTORE_MIB: String(options.memstoreMiB ?? 2048),
    RGW_OWNER_PID: String(options.ownerPid ?? process.pid),
  };
  const result = await runScript('rgw-up.sh', env, START_TIMEOUT_MS);
  // The start's own account (timings, retries) beside the daemons' logs, for when a run goes wrong.
  await writeFile(join(options.dir, 'log', 'rgw-up.log'), result.stderr).catch(() => undefined);
  const endpoint = /^endpoint (http:\/\/\S+)$/m.exec(result.stdout)?.[1];
  if (result.code !== 0 || endpoint === undefined) {
    await stopRgw(options.dir);
    throw new Error(`RGW did not start (exit ${result.code}):\n${result.stderr.split('\n').slice(-25).join('\n')}`);
  }
  return { endpoint, accessKeyId, secretAccessKey, dir: options.dir };
}

/** Stops the cluster in `dir` by its pid files (nothing else); the folder stays. */
export async function stopRgw(dir: string): Promise<void> {
  const result = await runScript('rgw-down.sh', { RGW_DIR: dir }, 30_000);
  if (result.code !== 0) throw new Error(`stopping RGW in ${dir} failed (exit ${result.code}): ${result.stderr}`);
}

/** A plain SDK client of the server with the spec's settings, to arrange and inspect buckets behind the backend's back. */
export function rgwClient(server: RgwServer): S3Client {
  return new S3Client({
    endpoint: server.endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
}
