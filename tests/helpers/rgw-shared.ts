/**
 * One RGW per test run, started only when a test asks for it: the global setup
 * makes a run folder and provides it to every test file; the first test file
 * that needs S3 starts the cluster there (taking a lock folder), the others —
 * in other worker processes — wait for its `ready.json` (or `failed.txt`), and
 * the global teardown stops whatever was started, by pid files. A run with no
 * S3 test spends nothing on Ceph.
 */
import { watch } from 'node:fs';
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rgwMissing, startRgw, stopRgw, type RgwServer } from './rgw';

/** What the global setup provides to the test files (plain data: it crosses processes). */
export interface SharedRgw {
  /** Why S3 tests are skipped on this machine, when they are. */
  missing?: string;
  runDir: string;
  /** The vitest main process: the cluster stops itself if it dies without a teardown. */
  ownerPid: number;
}

const WAIT_MS = 200_000;

export async function prepareSharedRgw(): Promise<{ shared: SharedRgw; teardown: () => Promise<void> }> {
  const missing = rgwMissing();
  const runDir = await mkdtemp(join(tmpdir(), 'jcs-rgw-'));
  const shared: SharedRgw = { runDir, ownerPid: process.pid, ...(missing ? { missing } : {}) };
  const teardown = async () => {
    await stopRgw(join(runDir, 'cluster'));
    await rm(runDir, { recursive: true, force: true });
  };
  return { shared, teardown };
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

async function writeAtomically(path: string, text: string): Promise<void> {
  await writeFile(`${path}.part`, text);
  await rename(`${path}.part`, path);
}

/** The run's outcome once one of its files exists: the server, or the starter's error. */
async function outcome(runDir: string): Promise<RgwServer | Error | undefined> {
  try {
    return JSON.parse(await readFile(join(runDir, 'ready.json'), 'utf8')) as RgwServer;
  } catch {
    // not ready (yet)
  }
  if (await exists(join(runDir, 'failed.txt'))) return new Error(await readFile(join(runDir, 'failed.txt'), 'utf8'));
  return undefined;
}

function waitForOutcome(runDir: string): Promise<RgwServer> {
  return new Promise((resolve, reject) => {
    const watcher = watch(runDir);
    const finish = (result: RgwServer | Error) => {
      clearTimeout(timer);
      watcher.close();
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    const timer = setTimeout(() => finish(new Error(`RGW was not ready within ${WAIT_MS / 1000} s (run folder ${runDir})`)), WAIT_MS);
    const check = () =>
      void outcome(runDir).then((result) => {
        if (result !== undefined) finish(result);
      });
    watcher.on('change', check);
    watcher.on('error', (error) => finish(error));
    check(); // it may have been ready before the watch began
  });
}

/** Starts the run's RGW, or waits for the test file that is starting it. */
export async function useSharedRgw(shared: SharedRgw): Promise<RgwServer> {
  if (shared.missing) throw new Error(`RGW cannot run here: ${shared.missing}`);
  try {
    await mkdir(join(shared.runDir, 'starting'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return waitForOutcome(shared.runDir);
    throw error;
  }
  try {
    const server = await startRgw({ dir: join(shared.runDir, 'cluster'), ownerPid: shared.ownerPid });
    await writeAtomically(join(shared.runDir, 'ready.json'), JSON.stringify(server));
    return server;
  } catch (error) {
    await writeAtomically(join(shared.runDir, 'failed.txt'), error instanceof Error ? error.message : String(error));
    throw error;
  }
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Set by tests/global-setup.ts; read through tests/helpers/rgw-tests.ts. */
    rgw: SharedRgw;
  }
}
