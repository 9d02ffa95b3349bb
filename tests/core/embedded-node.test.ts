/**
 * The embedded storage node's supervisor with the real node bundle: start and
 * stop, a restart with a new address and key pair after the node is killed
 * (data intact), retries when a restart itself fails, and the node never
 * outliving its parent (SIGKILL the parent: the node exits and frees its
 * data folder).
 */
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { NodeStatus } from '../../src-shared/contract/domain';
import { EmbeddedNode } from '../../src-main/core/embedded-node/embedded-node';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { lockDataDir } from '../../src-main/storage-node/data-dir-lock';
import { STORAGE_NODE_V8_FLAGS } from '../../src-main/storage-node/v8-flags';
import { lockOwner, processAlive, storageNodeScript, waitFor } from '../helpers/core';
import { repoRoot } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

describe('EmbeddedNode', () => {
  let temp: Awaited<ReturnType<typeof makeTempDir>>;
  const nodes: EmbeddedNode[] = [];
  const clients: JcsClient[] = [];

  beforeAll(async () => {
    temp = await makeTempDir('jcs-embedded');
  });

  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    for (const node of nodes.splice(0)) await node.stop(1000);
  });

  afterAll(async () => {
    await temp?.remove();
  });

  function newNode(name: string): { node: EmbeddedNode; statuses: NodeStatus[]; dataDir: string; nodeDir: string; logs: string[] } {
    const statuses: NodeStatus[] = [];
    const logs: string[] = [];
    const dataDir = join(temp.path, name);
    const node = new EmbeddedNode({ script: storageNodeScript, dataDir, onStatus: (s) => statuses.push(s), log: (line) => logs.push(line) });
    nodes.push(node);
    return { node, statuses, dataDir, nodeDir: join(dataDir, 'storage-node'), logs };
  }

  function clientOf(node: EmbeddedNode): JcsClient {
    const endpoint = node.endpoint();
    if (!endpoint) throw new Error(`not running: ${JSON.stringify(node.status)}`);
    const client = new JcsClient({ baseUrl: endpoint.url, credentials: endpoint.credentials });
    clients.push(client);
    return client;
  }

  it('`npm run storage-node` starts the node with the same V8 flags as the app', () => {
    const scripts = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['storage-node']).toContain(`node ${STORAGE_NODE_V8_FLAGS.join(' ')} out/cli/storage-node.mjs`);
  });

  it('starts a signed, loopback-only node in its own process and stops it', async () => {
    const { node, statuses, nodeDir } = newNode('start-stop');
    await node.start();
    expect(node.status).toEqual({ state: 'running', url: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) as unknown, message: null });
    const pid = lockOwner(nodeDir)!;
    expect(pid).not.toBe(process.pid);
    expect(processAlive(pid)).toBe(true);
    if (process.platform === 'linux') {
      // V8 takes its heap sizes from the command line only: the node's flags come before its script.
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      expect(argv.slice(1, 1 + STORAGE_NODE_V8_FLAGS.length + 1)).toEqual([...STORAGE_NODE_V8_FLAGS, storageNodeScript]);
    }

    const client = clientOf(node);
    await client.createBucket('hello');
    // The node accepts only this instance's key pair.
    const anonymous = new JcsClient({ baseUrl: node.status.url! });
    clients.push(anonymous);
    await expect(anonymous.listBuckets()).rejects.toMatchObject({ code: 'Unauthorized' });

    await node.stop();
    expect(node.status).toEqual({ state: 'stopped', url: null, message: null });
    expect(node.endpoint()).toBeUndefined();
    expect(processAlive(pid)).toBe(false);
    expect(lockOwner(nodeDir)).toBeUndefined();
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running', 'stopped']);
    await node.stop(); // stopping a stopped node is fine
  });

  it('restarts the node after it is killed, on a new address with new keys, with its data', async () => {
    const { node, statuses, nodeDir } = newNode('restart');
    await node.start();
    const before = node.endpoint()!;
    const bucket = await clientOf(node).createBucket('survives');
    const pid = lockOwner(nodeDir)!;

    process.kill(pid, 'SIGKILL');
    const failed = await waitFor('a failed status', () => statuses.find((s) => s.state === 'failed'), 5_000);
    expect(failed.message).toMatch(/stopped unexpectedly \(SIGKILL\); restarting in 1 s/);
    expect(failed.url).toBeNull();
    expect(node.endpoint()).toBeUndefined();

    await waitFor('the restarted node', () => node.status.state === 'running', 10_000);
    const after = node.endpoint()!;
    expect(after.url).not.toBe(before.url);
    expect(after.credentials.accessKey).not.toBe(before.credentials.accessKey);
    expect(statuses.map((s) => s.state)).toEqual(['starting', 'running', 'failed', 'starting', 'running']);
    const newPid = lockOwner(nodeDir)!;
    expect(newPid).not.toBe(pid);
    expect(processAlive(newPid)).toBe(true);
    expect(await clientOf(node).listBuckets()).toEqual([bucket]);

    await node.stop();
    expect(processAlive(newPid)).toBe(false);
  });

  it('keeps retrying when a restart fails, and a stop cancels the pending restart', async () => {
    const { node, statuses, nodeDir } = newNode('retry');
    await node.start();
    process.kill(lockOwner(nodeDir)!, 'SIGKILL');
    await waitFor('a failed status', () => node.status.state === 'failed', 5_000);
    // Hold the data folder's lock (the killed node's died with it) so the first restart cannot start.
    const held = lockDataDir(nodeDir);
    try {
      await waitFor('a failed restart', () => statuses.filter((s) => s.state === 'failed').length >= 2, 10_000);
      expect(node.status.state).toBe('failed');
      expect(node.status.message).toMatch(/in use by another storage node/);
    } finally {
      held.release();
    }
    await waitFor('the node running again', () => node.status.state === 'running', 10_000);
    expect(await clientOf(node).listBuckets()).toEqual([]);

    // Killed again and stopped while waiting to restart: it stays stopped.
    const pid = lockOwner(nodeDir)!;
    process.kill(pid, 'SIGKILL');
    await waitFor('a failed status', () => node.status.state === 'failed', 5_000);
    await node.stop();
    expect(node.status.state).toBe('stopped');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(node.status.state).toBe('stopped');
    lockDataDir(nodeDir).release(); // nobody holds the folder: no node was started behind our back
  });

  it('exits when its parent process dies, freeing the data folder', async () => {
    const dataDir = join(temp.path, 'orphan');
    const nodeDir = join(dataDir, 'storage-node');
    const parentScript = join(temp.path, 'parent.mts'); // ESM: top-level await
    writeFileSync(
      parentScript,
      [
        `import { EmbeddedNode } from ${JSON.stringify(join(repoRoot, 'src-main/core/embedded-node/embedded-node.ts'))};`,
        `const node = new EmbeddedNode({ script: ${JSON.stringify(storageNodeScript)}, dataDir: ${JSON.stringify(dataDir)}, onStatus: (s) => console.log('status ' + s.state) });`,
        `await node.start();`,
        `setInterval(() => {}, 60_000);`,
      ].join('\n'),
    );
    const parent = spawn(process.execPath, ['--import', 'tsx', parentScript], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    parent.stdout.on('data', (d: Buffer) => (output += d.toString()));
    parent.stderr.on('data', (d: Buffer) => (output += d.toString()));
    const parentExited = new Promise((resolve) => parent.once('exit', resolve));
    try {
      await waitFor("the parent's node to run", () => output.includes('status running') || parent.exitCode !== null, 20_000);
      expect(output).toContain('status running');
      const nodePid = lockOwner(nodeDir)!;
      expect(nodePid).not.toBe(parent.pid);
      expect(processAlive(nodePid)).toBe(true);

      parent.kill('SIGKILL');
      await parentExited;
      await waitFor('the orphaned node to exit', () => !processAlive(nodePid), 5_000);

      // The folder is free: another node takes it over.
      lockDataDir(nodeDir).release();
      const { node } = newNode('orphan');
      await node.start();
      expect(lockOwner(nodeDir)).not.toBe(nodePid);
      expect(await clientOf(node).listBuckets()).toEqual([]);
    } finally {
      if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL');
    }
  });
});
