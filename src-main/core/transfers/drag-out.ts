/**
 * Dragging objects out of the window (desktop): the OS needs real files when
 * the drag starts, so the objects are downloaded to a fresh temporary folder
 * first, each checked against its fileHash. The OS copies them where they are
 * dropped; the temporary folder is cleaned when the app starts next.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { DRAG_OUT_FOLDER_PREFIX } from '@shared/contract/operations';
import { expectedSha256 } from '@shared/jcs/file-hash';
import { baseName } from '@shared/jcs/object-path';
import { showRemotePath } from '@shared/paths/remote-path';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { requireLocalTarget } from '../paths/local-target';
import { hashFile } from './hash-file';

/**
 * Each file's name is the object's name, checked like any remote path (one
 * safe name inside the temporary folder). Objects whose fileHash cannot be
 * checked are dragged unchecked unless `requireVerified` (the setting).
 */
export async function dragOut(client: JcsClient, packageId: number, objects: ReadonlyArray<{ objectId: number; path: string }>, requireVerified = false): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), DRAG_OUT_FOLDER_PREFIX));
  const files: string[] = [];
  try {
    for (const object of objects) {
      const page = await client.listByPath({ packageID: packageId, path: object.path, isPrefix: false });
      const info = page.objects[0];
      if (!info || info.objectID !== object.objectId || info.path !== object.path) throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(object.path)}' no longer exists`);
      const expected = expectedSha256(info.fileHash);
      if (expected === undefined && requireVerified) throw new AppError(AppErrorCode.UnverifiableHash, `'${showRemotePath(object.path)}' has a fileHash that cannot be checked, and the settings require verified downloads`);
      const file = requireLocalTarget(folder, baseName(object.path), { platform: process.platform, names: 'map' }, object.path);
      const download = await client.download({ objectID: object.objectId });
      await pipeline(download.stream, createWriteStream(file));
      if (expected !== undefined && (await hashFile(file)) !== expected) throw new AppError(AppErrorCode.HashMismatch, `'${showRemotePath(object.path)}' arrived damaged; try again`);
      files.push(file);
    }
    return files;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** Removes the temporary folders of earlier drags (the OS has long copied them where they were dropped). */
export async function removeStaleDragFolders(): Promise<void> {
  for (const name of await readdir(tmpdir()).catch(() => [] as string[])) {
    if (name.startsWith(DRAG_OUT_FOLDER_PREFIX)) await rm(join(tmpdir(), name), { recursive: true, force: true }).catch(() => undefined);
  }
}
