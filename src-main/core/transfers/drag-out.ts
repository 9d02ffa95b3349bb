/**
 * Dragging objects out of the window (desktop): the OS needs real files when
 * the drag starts, so the objects are downloaded to a fresh temporary folder
 * first, each checked on the way (its size always; its hash when the provider
 * vouches for one: see core/browser-downloads/verifiable.ts). The OS copies
 * them where they are dropped; the temporary folder is cleaned when the app
 * starts next.
 */
import { createWriteStream } from 'node:fs';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { AppError, AppErrorCode } from '@shared/contract/define';
import { DRAG_OUT_FOLDER_PREFIX } from '@shared/contract/operations';
import { baseName } from '@shared/jcs/object-path';
import { showRemotePath } from '@shared/paths/remote-path';
import type { EntryRef, StorageProvider } from '../../providers/storage-provider';
import { HoldBackVerifier } from '../browser-downloads/hold-back-verifier';
import { hashIsTrusted, trustedSha256 } from '../browser-downloads/verifiable';
import { requireLocalTarget } from '../paths/local-target';

/**
 * Each file's name is the object's name, checked like any remote path (one
 * safe name inside the temporary folder). Objects that cannot be checked by a
 * hash are dragged with their size checked only, unless `requireVerified`
 * (the setting). An object given with its `ref` must still be that object.
 */
export async function dragOut(provider: StorageProvider, root: string, objects: readonly EntryRef[], requireVerified = false): Promise<string[]> {
  const folder = await mkdtemp(join(tmpdir(), DRAG_OUT_FOLDER_PREFIX));
  const trusted = hashIsTrusted(provider.capabilities);
  const files: string[] = [];
  try {
    for (const object of objects) {
      const entry = await provider.stat(root, object.path);
      if (!entry || entry.path !== object.path || (object.ref !== undefined && entry.ref !== object.ref) || entry.pending) {
        throw new AppError(AppErrorCode.DataNotFound, `'${showRemotePath(object.path)}' no longer exists`);
      }
      const expected = trustedSha256(entry, trusted);
      if (expected === undefined && requireVerified) throw new AppError(AppErrorCode.UnverifiableHash, `'${showRemotePath(object.path)}' has no hash that can be checked, and the settings require verified downloads`);
      const file = requireLocalTarget(folder, baseName(object.path), { platform: process.platform, names: 'map' }, object.path);
      const download = await provider.read(root, { path: entry.path, ref: entry.ref });
      // The verifier holds the last chunk back until size and hash match: a damaged file is never complete on disk.
      await pipeline(download.stream, new HoldBackVerifier({ path: entry.path, size: entry.size }, expected), createWriteStream(file));
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
