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
import { AppError } from '@shared/contract/define';
import { DRAG_OUT_FOLDER_PREFIX } from '@shared/contract/operations';
import { baseName } from '@shared/jcs/object-path';
import type { JcsClient } from '../../providers/jcs/jcs-client';
import { safeSegment } from './download/safe-names';
import { fullHashOf, hashFile } from './hash-file';

export async function dragOut(client: JcsClient, packageId: number, objects: ReadonlyArray<{ objectId: number; path: string }>): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), DRAG_OUT_FOLDER_PREFIX));
  const files: string[] = [];
  try {
    for (const object of objects) {
      const page = await client.listByPath({ packageID: packageId, path: object.path, isPrefix: false });
      const info = page.objects[0];
      if (!info || info.objectID !== object.objectId) throw new AppError('DataNotFound', `'${object.path}' no longer exists`);
      const file = join(folder, safeSegment(baseName(object.path), process.platform));
      const download = await client.download({ objectID: object.objectId });
      await pipeline(download.stream, createWriteStream(file));
      if (info.fileHash.startsWith('Full') && fullHashOf(await hashFile(file)) !== info.fileHash) throw new AppError('HashMismatch', `'${object.path}' arrived damaged; try again`);
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
