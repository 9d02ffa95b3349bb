import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { lockDataDir } from '../../src-main/storage-node/data-dir-lock';
import { repoRoot } from '../helpers/storage-node';
import { makeTempDir } from '../helpers/temp-dir';

describe('data folder lock', () => {
  const cleanups: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0)) await c();
  });

  it('refuses a second holder in the same process and frees the folder on release', async () => {
    const dir = await makeTempDir('jcs-lock');
    cleanups.push(dir.remove);
    const first = lockDataDir(dir.path);
    expect(() => lockDataDir(dir.path)).toThrow(new RegExp(`in use by another storage node \\(pid ${process.pid}\\)`));
    first.release();
    lockDataDir(dir.path).release();
  });

  it('takes over a lock whose owner died (a stale pid file does not block)', async () => {
    const dir = await makeTempDir('jcs-lock');
    cleanups.push(dir.remove);
    writeFileSync(`${dir.path}/node.lock`, '999999');
    lockDataDir(dir.path).release();
  });

  it('lets exactly one of several nodes started at the same moment own the folder', async () => {
    const dir = await makeTempDir('jcs-lock');
    cleanups.push(dir.remove);
    writeFileSync(`${dir.path}/node.lock`, '999999'); // a stale lock for all of them to race over
    const runs = Array.from({ length: 5 }, () => {
      const child = spawn(process.execPath, ['out/cli/storage-node.mjs', '--data', dir.path, '--port', '0'], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      child.stdout.on('data', (d: Buffer) => (output += d.toString()));
      child.stderr.on('data', (d: Buffer) => (output += d.toString()));
      const outcome = new Promise<'owner' | 'refused'>((resolve, reject) => {
        child.stdout.on('data', () => {
          if (output.includes('listening on')) resolve('owner');
        });
        child.on('exit', (code) => (code === 2 && /in use by another storage node/.test(output) ? resolve('refused') : reject(new Error(`exit ${code}: ${output}`))));
      });
      return { child, outcome };
    });
    const outcomes = await Promise.all(runs.map((r) => r.outcome));
    expect(outcomes.filter((o) => o === 'owner')).toHaveLength(1);
    for (const r of runs) if (r.child.exitCode === null) r.child.kill('SIGTERM');
    await Promise.all(runs.filter((r) => r.child.exitCode === null).map((r) => new Promise((resolve) => r.child.once('exit', resolve))));
  });
});
