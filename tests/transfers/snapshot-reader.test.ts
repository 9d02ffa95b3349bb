import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SnapshotReader } from '../../src-main/core/transfers/upload/snapshot-reader';

describe('SnapshotReader', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'snapshot-reader-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

  it('ends its worker once idle and reads the same bytes with the next one', async () => {
    const reader = new SnapshotReader(50);
    try {
      const a = Buffer.from('first file');
      const b = Buffer.alloc(5000, 7);
      await writeFile(join(dir, 'a'), a);
      await writeFile(join(dir, 'b'), b);
      const first = await reader.read([join(dir, 'a'), join(dir, 'missing')]);
      expect(first[0]).toMatchObject({ size: a.length, sha256: sha256(a) });
      expect('bytes' in first[0]! && first[0].bytes.equals(a)).toBe(true);
      expect('error' in first[1]! && (first[1].error as NodeJS.ErrnoException).code).toBe('ENOENT');
      expect(reader.workerRunning).toBe(true);

      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(reader.workerRunning).toBe(false); // idle: ended

      const second = await reader.read([join(dir, 'b'), join(dir, 'a')]);
      expect(second.map((f) => 'sha256' in f && f.sha256)).toEqual([sha256(b), sha256(a)]);
      expect('bytes' in second[0]! && second[0].bytes.equals(b)).toBe(true);
    } finally {
      await reader.close();
    }
  });

  it('keeps its worker while reads keep coming, and reads in between are answered in order', async () => {
    const reader = new SnapshotReader(200);
    try {
      await writeFile(join(dir, 'x'), 'x');
      for (let i = 0; i < 5; i++) {
        const [file] = await reader.read([join(dir, 'x')]);
        expect(file).toMatchObject({ size: 1 });
        await new Promise((resolve) => setTimeout(resolve, 50));
        expect(reader.workerRunning).toBe(true);
      }
      const all = await Promise.all([reader.read([join(dir, 'x')]), reader.read([join(dir, 'missing')])]);
      expect(all[0][0]).toMatchObject({ size: 1 });
      expect('error' in all[1][0]!).toBe(true);
    } finally {
      await reader.close();
    }
  });
  it('stats paths as fs.stat does: links followed, a folder not a file, a missing path an error with its code', async () => {
    const reader = new SnapshotReader(50);
    try {
      await writeFile(join(dir, 'file'), Buffer.alloc(1234));
      await mkdir(join(dir, 'folder'));
      await symlink(join(dir, 'file'), join(dir, 'link'));
      await symlink(join(dir, 'missing'), join(dir, 'broken'));
      const paths = ['file', 'folder', 'link', 'missing', 'broken'].map((name) => join(dir, name));
      const stats = await reader.stat(paths);
      const real = await stat(join(dir, 'file'));
      expect(stats[0]).toEqual({ size: 1234, mtimeMs: real.mtimeMs, isFile: true });
      expect(stats[1]).toMatchObject({ isFile: false });
      expect(stats[2]).toEqual({ size: 1234, mtimeMs: real.mtimeMs, isFile: true });
      for (const k of [3, 4]) {
        const answer = stats[k]!;
        expect('error' in answer && (answer.error as NodeJS.ErrnoException).code).toBe('ENOENT');
        expect('error' in answer && answer.error.message).toBe(await stat(paths[k]!).catch((error: Error) => error.message));
      }
    } finally {
      await reader.close();
    }
  });
});
