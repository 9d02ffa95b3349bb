/**
 * With the language set to 简体中文, what sync says reaches the user in
 * Chinese: the preview (reasons, the deletion guard's verdict), the task's
 * status and its notice, and the activity log. Core sends codes and params;
 * the only ASCII words left on screen are the ones that are data (the file
 * names, the task's folder path, the trash folder's name) or product names.
 */
import { mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Locator } from '@playwright/test';
import { expect, openApp, test } from './fixtures';

/** ASCII words of three letters or more: English, unless they are data we made or names of things. */
const ASCII_WORD = /[A-Za-z]{3,}/g;
/** Names of things that stay as they are in every language: the product and the storage service, the trash folder's name. */
const NAMES = new Set(['JCS', 'Desktop', 'jcs', 'trash']);

/** The ASCII words of a region's visible text that are neither data (`data`: paths and names this test made) nor names. */
async function englishIn(region: Locator, data: readonly string[]): Promise<string[]> {
  let text = await region.innerText();
  for (const value of data) text = text.split(value).join(' ');
  return (text.match(ASCII_WORD) ?? []).filter((word) => !NAMES.has(word));
}

async function settled(path: string, text: string): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
}

test('in 简体中文, a sync preview, a task’s status and its activity show no English from the back end', async ({ page, server }) => {
  const stamp = Date.now();
  const { id: bucketRoot } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: `中文桶${stamp}` });
  const { id: root } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucketRoot, name: `中文包${stamp}` });
  const local = await mkdtemp(join(tmpdir(), 'jcs-sync-zh-'));
  const name = `同步任务${stamp}`;
  try {
    await settled(join(local, '笔记.txt'), '一');
    await settled(join(local, '照片.png'), '二二');
    await settled(join(local, '表格.csv'), '三三三');
    await server.call('sync.create', {
      name,
      localPath: local,
      connectionId: 'local',
      root,
      remotePath: '文档/',
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
    const data = [local, name, '笔记.txt', '照片.png', '表格.csv', '新文件.txt'];

    // A first run uploads the three files.
    await card.getByTestId('sync-run-now').click();
    await expect(card).toHaveAttribute('data-files', '3', { timeout: 20_000 });

    // A new file, a changed one and two deletions: the preview's reasons and the guard's verdict are Chinese.
    await settled(join(local, '新文件.txt'), '四四四四');
    await settled(join(local, '笔记.txt'), '改过了');
    await unlink(join(local, '照片.png'));
    await unlink(join(local, '表格.csv'));
    await card.getByTestId('sync-preview').click();
    const preview = page.getByTestId('sync-preview-dialog');
    await expect(preview.getByTestId('sync-plan-row')).toHaveCount(4);
    await expect(preview.getByTestId('sync-preview-blocked')).toBeVisible();
    expect(await englishIn(preview, data)).toEqual([]);
    await preview.getByRole('button', { name: '关闭' }).click();

    // The run stops before deleting: the card's status and its notice say why, in Chinese.
    await card.getByTestId('sync-run-now').click();
    await expect(card).toHaveAttribute('data-status', 'waitingForConfirmation', { timeout: 15_000 });
    await expect(card.getByTestId('sync-status-detail')).toContainText('2');
    expect(await englishIn(card, data)).toEqual([]);

    // Confirmed, the deletions go to the package's trash; the activity log tells all of it in Chinese.
    await card.getByTestId('sync-guard-confirm').click();
    await expect(card).toHaveAttribute('data-status', 'idle', { timeout: 15_000 });
    await card.getByTestId('sync-open-log').click();
    const log = page.getByTestId('sync-log-dialog');
    // Created, the first run (its line and three uploads), the guard's stop, the second run (its line, two deletions, two uploads).
    await expect(log.getByTestId('sync-log-entry')).toHaveCount(11, { timeout: 15_000 });
    expect(await englishIn(log, data)).toEqual([]);
    expect(await englishIn(card, data)).toEqual([]);
  } finally {
    await server.call('settings.update', { language: 'system' });
    await rm(local, { recursive: true, force: true });
  }
});
