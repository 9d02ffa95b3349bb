/**
 * The key of the spaces' credentials is read when the node starts: a broken
 * one fails the start naming the file, and leaves the data folder unlocked,
 * so the node starts once the file is moved away.
 */
import { rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { startStorageNode } from '../../../src-main/storage-node/storage-node';
import { makeTempDir } from '../../helpers/temp-dir';

let temp: { path: string; remove: () => Promise<void> } | undefined;
afterEach(async () => temp?.remove());

it('a broken secret.key fails the start naming it, and the folder is free for the next start', async () => {
  temp = await makeTempDir('jcs-node-key');
  await writeFile(join(temp.path, 'secret.key'), 'short');
  await expect(startStorageNode({ dataDir: temp.path, log: () => {} })).rejects.toThrow(/secret\.key is not a 32-byte key/);
  await rename(join(temp.path, 'secret.key'), join(temp.path, 'secret.key.broken'));
  const node = await startStorageNode({ dataDir: temp.path, log: () => {} });
  await node.close(1000);
});
