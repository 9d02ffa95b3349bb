/**
 * The upload planner's walk: every file under what was chosen, with its size
 * and mtime, a link counted when it leads to a file (its target's size) and
 * left out otherwise, in sorted order. A long run of a folder's files is
 * stat'ed on the engine's file-reading thread, a short one on the event loop:
 * both must answer alike. Real files.
 */
import { mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { collectLocalFiles } from '../../src-main/core/transfers/planner/local-files';

describe('collectLocalFiles', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'local-files-'));
    await writeFile(join(dir, 'target'), Buffer.alloc(77, 2));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  /** A folder of `count` files of sizes 0, 1, 2, …, plus a link to a file (`target`, 77 bytes), a link to a folder and a broken link; what the walk should answer for it. */
  async function folder(path: string, count: number): Promise<Array<{ relative: string; size: number; localPath: string; mtime: number }>> {
    await mkdir(path, { recursive: true });
    for (let i = 0; i < count; i++) await writeFile(join(path, `f${String(i).padStart(2, '0')}`), Buffer.alloc(i, 1));
    await symlink(join(dir, 'target'), join(path, 'link-to-file'));
    await symlink(dir, join(path, 'link-to-folder'));
    await symlink(join(dir, 'nothing-here'), join(path, 'link-broken'));
    const names = [...Array.from({ length: count }, (_, i) => `f${String(i).padStart(2, '0')}`), 'link-to-file'].sort();
    const base = path.slice(dir.length + 1);
    return Promise.all(
      names.map(async (name) => {
        const info = await stat(join(path, name));
        return { relative: `${base}/${name}`, size: info.size, localPath: join(path, name), mtime: Math.floor(info.mtimeMs) };
      }),
    );
  }

  it('answers a long run of files (stat on the file-reading thread) and a short one (here) alike, links followed to files only', async () => {
    const long = await folder(join(dir, 'top', 'long'), 40);
    const short = await folder(join(dir, 'top', 'short'), 3);
    const items = await collectLocalFiles([join(dir, 'top')]);
    expect(items).toEqual([...long, ...short]);
    expect(items.find((f) => f.relative === 'top/long/link-to-file')?.size).toBe(77);
  });
});
