/**
 * Real storage nodes for tests: in-process (fast, for most tests) or as a
 * child process (for crash tests that SIGKILL it), each on a loopback port
 * with its own temp data folder and a generated key pair.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import type { Credentials } from '../../src-main/common/sigv4';
import { startStorageNode, type RunningStorageNode, type StorageNodeOptions } from '../../src-main/storage-node/storage-node';
import { STORAGE_NODE_V8_FLAGS } from '../../src-main/storage-node/v8-flags';
import { makeTempDir } from './temp-dir';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export function generateCredentials(): Credentials {
  return { accessKey: 'AK' + randomBytes(8).toString('hex').toUpperCase(), secretKey: randomBytes(24).toString('base64url') };
}

export interface TestNode {
  node: RunningStorageNode;
  client: JcsClient;
  credentials: Credentials | undefined;
  dataDir: string;
  /** Stops the node and removes its data. */
  dispose(): Promise<void>;
}

export async function startTestNode(options: { credentials?: Credentials | null; dataDir?: string; ipfs?: StorageNodeOptions['ipfs'] } = {}): Promise<TestNode> {
  const temp = options.dataDir ? undefined : await makeTempDir('jcs-node');
  const dataDir = options.dataDir ?? temp!.path;
  const credentials = options.credentials === null ? undefined : (options.credentials ?? generateCredentials());
  const node = await startStorageNode({ dataDir, credentials, ipfs: options.ipfs, log: () => {} });
  const client = new JcsClient({ baseUrl: node.url, credentials });
  return {
    node,
    client,
    credentials,
    dataDir,
    async dispose() {
      client.close();
      await node.close(1000);
      await temp?.remove();
    },
  };
}

export interface NodeProcess {
  child: ChildProcess;
  url: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
}

/** Runs `npm run storage-node`'s bundle (built by tests/global-setup.ts) as a child process and waits for its ready line. */
export async function spawnNodeProcess(args: string[], timeoutMs = 20_000): Promise<NodeProcess> {
  const child = spawn(process.execPath, [...STORAGE_NODE_V8_FLAGS, 'out/cli/storage-node.mjs', ...args], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`storage node did not start in ${timeoutMs} ms:\n${output}`)), timeoutMs);
    const check = () => {
      const m = /storage node listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout.on('data', check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`storage node exited (${code}) before it was ready:\n${output}`));
    });
  });
  return { child, url, output: () => output, exited };
}
