/**
 * The peer a user would compare our engine with: `rclone serve webdav` on
 * loopback (a server process storing files on local disk) and `rclone copy`
 * moving files to and from it — the same two-process job as our engine and
 * storage node, over loopback HTTP. The server's folder lives in the bench's
 * work folder, so it competes for the same disk as ours.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { timeCommandAsync } from './bench-utils';

export interface WebdavPeer {
  /** `rclone copy FROM TO` (one of them may be `remote(path)`), timed in ms, after flushing the disks. */
  copy(from: string, to: string): Promise<number>;
  /** The rclone path of `path` on the webdav server. */
  remote(path: string): string;
  /** The server's folder on disk (to clean between rounds). */
  servedFolder: string;
  stop(): Promise<void>;
}

export function rcloneAvailable(): boolean {
  return !spawnSync('rclone', ['version'], { stdio: 'ignore' }).error;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function waitListening(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`rclone serve webdav exited (${child.exitCode})`);
    const ok = await fetch(url, { method: 'PROPFIND', headers: { Depth: '0' } }).then(
      (r) => r.status < 500,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`rclone serve webdav did not answer at ${url}`);
}

/** Starts `rclone serve webdav` on a free loopback port, serving a new folder under `work`. */
export async function startWebdavPeer(work: string): Promise<WebdavPeer> {
  const servedFolder = join(work, 'webdav-served');
  mkdirSync(servedFolder, { recursive: true });
  const config = join(work, 'rclone-peer.conf');
  writeFileSync(config, '');
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('rclone', ['--config', config, 'serve', 'webdav', servedFolder, '--addr', `127.0.0.1:${port}`], { stdio: 'ignore' });
  await waitListening(url, child);
  const remote = (path: string) => `:webdav,url='${url}':${path}`;
  return {
    remote,
    servedFolder,
    async copy(from, to) {
      await timeCommandAsync('sync', []);
      return timeCommandAsync('rclone', ['--config', config, '--quiet', 'copy', from, to]);
    },
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
