/**
 * Sizes you can see, in Chromium against the embedded node: folder rows show
 * their size and file count once main has counted them, and the details
 * panel charts storage used by the package, its bucket and the connection —
 * in English and in 简体中文. (Which folders are counted, two at a time, and
 * cancelled when they leave the view: tests/core/folder-size-service.test.ts.)
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, openApp, test, type HeadlessServer } from './fixtures';

const stamp = Date.now();
const names = { bucket: `sizes-${stamp}`, pkg: 'p', other: 'q' };
let local = '';

/** Uploads through the app and waits until each folder lists the files it should hold directly. */
async function upload(server: HeadlessServer, root: string, paths: string[], expected: Record<string, number>): Promise<void> {
  await server.call('transfers.uploadPaths', { connectionId: 'local', root, targetFolder: '', paths, conflict: 'overwrite' });
  const count = async (prefix: string) =>
    (await server.call<{ entries: Array<{ path: string }> }>('objects.list', { connectionId: 'local', root, prefix, maxKeys: 1000 })).entries.filter((e) => !e.path.endsWith('/')).length;
  for (const [prefix, n] of Object.entries(expected)) await expect.poll(() => count(prefix), { timeout: 20_000 }).toBe(n);
}

test.beforeAll(async ({ server }) => {
  local = await mkdtemp(join(tmpdir(), 'jcs-sizes-'));
  await mkdir(join(local, 'photos', 'old'), { recursive: true });
  await mkdir(join(local, 'notes'), { recursive: true });
  await writeFile(join(local, 'photos', '1.jpg'), Buffer.alloc(1000));
  await writeFile(join(local, 'photos', '2.jpg'), Buffer.alloc(2000));
  await writeFile(join(local, 'photos', 'old', '3.jpg'), Buffer.alloc(3000));
  await writeFile(join(local, 'notes', 'a.txt'), Buffer.alloc(10));
  await writeFile(join(local, 'other.bin'), Buffer.alloc(4000));
  const bucket = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: names.bucket });
  const pkg = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucket.id, name: names.pkg });
  const other = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucket.id, name: names.other });
  await upload(server, pkg.id, [join(local, 'photos'), join(local, 'notes')], { 'photos/': 2, 'photos/old/': 1, 'notes/': 1 });
  await upload(server, other.id, [join(local, 'other.bin')], { '': 1 });
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'system' });
  await rm(local, { recursive: true, force: true });
});

async function openPackage(page: Page, server: HeadlessServer): Promise<void> {
  await openApp(page, server);
  await page.getByTestId('tree-connection').first().getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator(`[data-testid="entity-row"][data-name="${names.bucket}"]`).dblclick();
  await page.getByTestId('packages-table').locator(`[data-testid="entity-row"][data-name="${names.pkg}"]`).dblclick();
  await expect(page.getByTestId('object-list')).toBeVisible();
}

const folderSize = (page: Page, name: string) => page.getByTestId('object-list').locator(`[data-testid="browser-row"][data-name="${name}"]`).getByTestId('folder-size');

test('folder rows show their size and file count, and the details panel charts package, bucket and connection', async ({ page, server }) => {
  await openPackage(page, server);
  await expect(folderSize(page, 'photos')).toHaveAttribute('data-objects', '3');
  await expect(folderSize(page, 'photos')).toHaveAttribute('data-bytes', '6000');
  await expect(folderSize(page, 'photos')).toHaveText('5.86 KB · 3 files');
  await expect(folderSize(page, 'notes')).toHaveText('10 B · 1 file');

  const chart = page.getByTestId('usage-totals');
  await expect(chart.getByTestId('usage-totals-root')).toHaveAttribute('data-bytes', '6010');
  await expect(chart.getByTestId('usage-totals-root')).toHaveAttribute('data-objects', '4');
  await expect(chart.getByTestId('usage-totals-parent')).toHaveAttribute('data-bytes', '10010');
  await expect(chart.getByTestId('usage-totals-parent')).toHaveAttribute('data-objects', '5');
  // The connection holds at least this bucket (other tests' packages share the embedded node).
  const connectionBytes = Number(await chart.getByTestId('usage-totals-connection').getAttribute('data-bytes'));
  expect(connectionBytes).toBeGreaterThanOrEqual(10010);

  // Into a folder: its own sub-folder is counted too.
  await page.getByTestId('object-list').locator('[data-testid="browser-row"][data-name="photos"]').dblclick();
  await expect(folderSize(page, 'old')).toHaveText('2.93 KB · 1 file');
});

test('在简体中文界面中，文件夹大小和存储用量为中文', async ({ page, server }) => {
  await server.call('settings.update', { language: 'zh-CN' });
  await openPackage(page, server);
  await expect(folderSize(page, 'photos')).toHaveText('5.86 KB · 3 个文件');
  const chart = page.getByTestId('usage-totals');
  await expect(chart.getByRole('heading')).toHaveText('已用存储');
  await expect(chart.getByTestId('usage-totals-parent')).toContainText('此存储桶');
  await expect(chart.getByTestId('usage-totals-root')).toContainText('共 4 个文件');
});
