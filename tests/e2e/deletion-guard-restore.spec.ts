/**
 * When the deletion guard stops a run, the notice offers a third way besides
 * confirming and pausing: restore the deleted files. In 简体中文: files
 * deleted on this computer come back from the package, the task is up to date
 * again, nothing was deleted in the package, and the next change syncs as
 * usual.
 */
import { mkdtemp, readFile, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openApp, test } from './fixtures';

interface ObjectPage {
  entries: Array<{ path: string }>;
}

let local = '';

test.afterAll(async ({ server }) => {
  // The server is shared by the worker's later specs: they expect the default language.
  await server.call('settings.update', { language: 'system' });
  if (local) await rm(local, { recursive: true, force: true });
});

async function settledFile(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
}

test('在删除保护停下时，“恢复被删除的文件”把文件找回来，任务照常继续', async ({ page, server }) => {
  const stamp = Date.now().toString(36);
  const { id: bucket } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: `guard-b-${stamp}` });
  const { id: root } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucket, name: `guard-p-${stamp}` });
  local = await mkdtemp(join(tmpdir(), 'jcs-guard-restore-'));
  const files = { '甲.txt': '一', '乙.txt': '二', '丙.txt': '三', '丁.txt': '四' };
  for (const [name, text] of Object.entries(files)) await settledFile(join(local, name), text);
  const name = `保护任务${stamp}`;
  await server.call('sync.create', {
    name,
    localPath: local,
    connectionId: 'local',
    root,
    remotePath: '',
    direction: 'twoWay',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 1, maxPercent: 100 }, dryRun: false, trashDays: 30 },
  });
  await server.call('settings.update', { language: 'zh-CN' });
  await openApp(page, server);
  await page.getByTestId('page-sync').click();
  const card = page.locator(`[data-testid="sync-task"][data-name="${name}"]`);
  await card.getByTestId('sync-run-now').click();
  await expect(card).toHaveAttribute('data-files', '4', { timeout: 20_000 });

  // Three files deleted by mistake: the guard stops the run and offers to restore them.
  for (const file of ['甲.txt', '乙.txt', '丙.txt']) await unlink(join(local, file));
  await card.getByTestId('sync-run-now').click();
  await expect(card).toHaveAttribute('data-status', 'waitingForConfirmation', { timeout: 15_000 });
  const restore = card.getByTestId('sync-guard-notice').getByTestId('sync-guard-restore');
  await expect(restore).toHaveText('恢复被删除的文件');
  await restore.click();

  await expect.poll(async () => Promise.all(Object.keys(files).map((f) => readFile(join(local, f), 'utf8').catch(() => null))), { timeout: 20_000 }).toEqual(Object.values(files));
  await expect(card).toHaveAttribute('data-status', 'idle', { timeout: 15_000 });
  await expect(card.getByTestId('sync-guard-notice')).toHaveCount(0);
  await expect(card.getByTestId('sync-status')).toHaveText('已同步');
  const listed = await server.call<ObjectPage>('objects.list', { connectionId: 'local', root, prefix: '', maxKeys: 100 });
  expect(listed.entries.map((e) => e.path).sort()).toEqual(Object.keys(files).sort());

  // The task goes on as usual: the next change reaches the package.
  await settledFile(join(local, '甲.txt'), '一，改过');
  await card.getByTestId('sync-run-now').click();
  const id = (await server.call<Array<{ id: string; name: string }>>('sync.list', {})).find((t) => t.name === name)!.id;
  const trashed = async () => (await server.call<Array<{ side: string; path: string }>>('sync.trash', { id })).map((e) => `${e.side}:${e.path}`);
  await expect.poll(trashed, { timeout: 15_000 }).toEqual(['remote:甲.txt']);
});
