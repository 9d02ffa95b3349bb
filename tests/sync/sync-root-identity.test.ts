/**
 * The local folder's identity and the writes that never create it
 * (src-main/core/sync/sync-root.ts), on real folders: a folder moved back
 * keeps its identity, one deleted and made again does not (even where the
 * file system hands it the same inode number, as ext4 does), and folders for
 * a download are made only below the task's existing folder.
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkRoot, makeFolderBelowRoot, rootIdentity, SyncRootLost } from '../../src-main/core/sync/sync-root';
import { makeTempDir } from '../helpers/temp-dir';

let temp: Awaited<ReturnType<typeof makeTempDir>>;

beforeAll(async () => {
  temp = await makeTempDir('jcs-sync-root-identity');
});

afterAll(async () => {
  await temp?.remove();
});

describe('rootIdentity', () => {
  it('stays the same for the folder moved away and back, and for changes inside it', () => {
    const root = join(temp.path, 'moved');
    mkdirSync(root);
    const id = rootIdentity(root)!;
    expect(id).toBeDefined();
    mkdirSync(join(root, 'inside')); // changes the folder's mtime and ctime
    expect(rootIdentity(root)).toBe(id);
    renameSync(root, `${root}-away`);
    expect(rootIdentity(root)).toBeUndefined();
    renameSync(`${root}-away`, root);
    expect(rootIdentity(root)).toBe(id);
  });

  it('differs for a folder deleted and made again, every time, even when the inode number comes back', () => {
    const root = join(temp.path, 'remade');
    mkdirSync(root);
    let sameInode = 0;
    for (let i = 0; i < 20; i++) {
      const before = rootIdentity(root)!;
      const inode = statSync(root).ino;
      rmSync(root, { recursive: true });
      mkdirSync(root);
      if (statSync(root).ino === inode) sameInode++;
      expect(rootIdentity(root)).not.toBe(before);
    }
    console.log(`root identity: the inode number came back ${sameInode} of 20 times`);
  });

  it('is undefined for a file in the folder\'s place', () => {
    const root = join(temp.path, 'file-in-place');
    mkdirSync(root);
    rmSync(root, { recursive: true });
    writeFileSync(root, 'not a folder');
    expect(rootIdentity(root)).toBeUndefined();
  });
});

describe('makeFolderBelowRoot', () => {
  it('makes missing folders below the root', async () => {
    const root = join(temp.path, 'below');
    mkdirSync(root);
    await makeFolderBelowRoot(root, rootIdentity(root)!, join(root, 'a', 'b', 'c'));
    expect(statSync(join(root, 'a', 'b', 'c')).isDirectory()).toBe(true);
    await makeFolderBelowRoot(root, rootIdentity(root)!, join(root, 'a', 'b')); // already there: fine
  });

  it('never makes the root itself: a missing root fails with SyncRootLost and stays missing', async () => {
    const root = join(temp.path, 'gone');
    mkdirSync(root);
    const id = rootIdentity(root)!;
    rmSync(root, { recursive: true });
    await expect(makeFolderBelowRoot(root, id, join(root, 'x'))).rejects.toBeInstanceOf(SyncRootLost);
    expect(existsSync(root)).toBe(false);
  });

  it('refuses a replaced root: nothing is made in the new folder', async () => {
    const root = join(temp.path, 'replaced');
    mkdirSync(root);
    const id = rootIdentity(root)!;
    renameSync(root, `${root}-old`);
    mkdirSync(root);
    await expect(makeFolderBelowRoot(root, id, join(root, 'x', 'y'))).rejects.toMatchObject({ name: 'SyncRootLost', replaced: true });
    expect(existsSync(join(root, 'x'))).toBe(false);
    expect(() => checkRoot(root, id)).toThrow(SyncRootLost);
  });

  it('refuses a folder outside the root', async () => {
    const root = join(temp.path, 'contained');
    mkdirSync(root);
    await expect(makeFolderBelowRoot(root, rootIdentity(root)!, join(temp.path, 'elsewhere'))).rejects.toMatchObject({ code: 'InvalidInput' });
    expect(existsSync(join(temp.path, 'elsewhere'))).toBe(false);
  });
});
