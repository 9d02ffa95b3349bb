/**
 * A real core (app.db, secret box) with one Workspace Files connection added
 * through `connections.add` to a fixture server, quick retries and small
 * unpack bounds (1,000 entries, 16 MiB), and a temp folder to download into
 * beside a canary that nothing may touch.
 */
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { inspect } from 'node:util';
import type { TransferState } from '../../src-shared/contract/domain';
import { createAppCore, type AppCore } from '../../src-main/core/app-core';
import { FileKeySecretBox } from '../../src-main/core/secrets/file-key-secret-box';
import type { JobRow } from '../../src-main/core/transfers/transfer-store';
import { startWorkspaceFilesServer, type WorkspaceFilesServer } from '../fixtures/workspace-files/workspace-files-server';
import { callOk, storageNodeScript, waitFor } from '../helpers/core';
import { makeTempDir } from '../helpers/temp-dir';
import { TEST_RETRY } from '../helpers/transfers';

export const UNPACK_TEST_LIMITS = { maxEntries: 1_000, maxTotalBytes: 16 * 1024 * 1024 };

export interface ZipRig {
  core: AppCore;
  server: WorkspaceFilesServer;
  connectionId: string;
  /** The folder downloads go into. */
  localDir: string;
  /** The temp folder around everything: a canary sits in it, outside localDir. */
  outer: string;
  logs: string[];
  job(id: string): JobRow;
  waitForState(id: string, states: readonly TransferState[], timeoutMs?: number): Promise<JobRow>;
  close(): Promise<void>;
}

export async function openZipRig(): Promise<ZipRig> {
  const temp = await makeTempDir('jcs-workspace-zip');
  const server = await startWorkspaceFilesServer();
  const logs: string[] = [];
  const core = await createAppCore({
    dataDir: join(temp.path, 'app'),
    mode: 'headless',
    version: '0.0.0-test',
    storageNodeScript,
    secretBox: (dir) => new FileKeySecretBox(dir),
    log: (message, error) => logs.push(error === undefined ? message : `${message} ${inspect(error)}`),
    unpackLimits: UNPACK_TEST_LIMITS,
    transferRetry: TEST_RETRY,
  });
  const connection = await callOk(core, 'connections.add', { name: 'Workspace', kind: 'workspace-files', config: { baseUrl: server.url }, secrets: { token: server.token } });
  const localDir = join(temp.path, 'outer', 'downloads');
  await mkdir(localDir, { recursive: true });
  await writeFile(join(temp.path, 'outer', 'canary.txt'), 'canary');
  const store = () => core.deps.transfers.engine.store;
  const rig: ZipRig = {
    core,
    server,
    connectionId: connection.id,
    localDir,
    outer: join(temp.path, 'outer'),
    logs,
    job(id) {
      const row = store().get(id);
      if (!row) throw new Error(`no job ${id}`);
      return row;
    },
    waitForState(id, states, timeoutMs = 30_000) {
      return waitFor(`job ${id} to be ${states.join(' or ')} (log: ${logs.join(' | ')})`, () => {
        const row = store().get(id);
        return row && states.includes(row.state) ? row : undefined;
      }, timeoutMs, 10);
    },
    async close() {
      await core.close();
      await server.close();
      await temp.remove();
    },
  };
  return rig;
}

/** Every file under `dir` (relative, '/'-separated) with its SHA-256; links and folders by kind. */
export async function tree(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (at: string) => {
    for (const entry of await readdir(at, { withFileTypes: true })) {
      const full = join(at, entry.name);
      const rel = relative(dir, full).split('\\').join('/');
      if (entry.isDirectory()) {
        out[`${rel}/`] = 'dir';
        await walk(full);
      } else if (entry.isSymbolicLink()) out[rel] = 'symlink';
      else out[rel] = createHash('sha256').update(await readFile(full)).digest('hex');
    }
  };
  await walk(dir);
  return out;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');
