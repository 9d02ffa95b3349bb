/**
 * Uploads into a package that another client of the service deleted while
 * this view still shows it (nobody told the app: no refresh since). The drop
 * stops with one message naming the package, in the user's language, and
 * sends nothing; the view then learns the package is gone by itself (no
 * refresh): it says so, turns off the toolbar and the drop target, the tree
 * loses the package, and no service id shows anywhere.
 */
import type { JSHandle, Page } from '@playwright/test';
import { makePackage, openPackage, row, startDataNode, uploadFiles, type DataNode } from './browser-support';
import { stageDrop, type PageDataTransfer } from './drop-support';
import { expect, test, type HeadlessServer } from './fixtures';

/** "package 2", "object 422", "bucket 7": how services name things by id; none may reach the page. */
const SERVICE_ID = /\b(package|object|bucket)\s*(id)?\s*\d+\b/i;

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Gone uploads node');
});

test.afterAll(async () => {
  await node?.stop();
});

const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A package holding one file, open in the browser, then deleted straight at the service (the app is not told). */
async function openThenDeleteBehindTheApp(app: Page, bucket: string, pkg: string): Promise<void> {
  const { packageId } = await makePackage(node.client, bucket, pkg);
  await uploadFiles(node.client, packageId, [{ path: 'a.txt', body: Buffer.from('a') }]);
  await openPackage(app, node, bucket, pkg);
  await expect(row(app, 'a.txt')).toBeVisible();
  await expect(app.locator(`[data-testid="tree-package"][data-name="${pkg}"]`)).toBeVisible();
  await node.client.deletePackage(packageId);
}

async function dropOnList(page: Page, transfer: JSHandle<PageDataTransfer>): Promise<void> {
  const zone = page.getByTestId('browser-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

async function transferJobs(server: HeadlessServer): Promise<number> {
  return (await server.call<{ total: number }>('transfers.list', { offset: 0, limit: 1 })).total;
}

/** The view noticed on its own: the notice by name, no list and no drop target, writes off, the tree without the package. */
async function expectGoneView(app: Page, pkg: string, title: string): Promise<void> {
  await expect(app.getByTestId('root-gone')).toContainText(title);
  await expect(app.getByTestId('browser-drop-zone')).toHaveCount(0);
  await expect(app.getByTestId('upload')).toBeDisabled();
  await expect(app.getByTestId('new-folder')).toBeDisabled();
  await expect(app.locator(`[data-testid="tree-package"][data-name="${pkg}"]`)).toHaveCount(0);
  await expect(app.locator('body')).not.toHaveText(SERVICE_ID);
}

test('files dropped into a package deleted elsewhere: one message naming it, nothing queued, and the view says the package is gone', async ({ app, server }) => {
  const bucket = unique('drop');
  const pkg = unique('photos');
  await openThenDeleteBehindTheApp(app, bucket, pkg);
  const jobsBefore = await transferJobs(server);

  await dropOnList(app, await stageDrop(app, ['one.bin', 'two.bin', 'three.bin', 'four.bin', 'five.bin'].map((path) => ({ path, size: 64 }))));

  const errors = app.locator('[data-testid="toast"].toast-error > span');
  await expect(errors).toHaveText([`The upload could not start: No longer exists (RootGone): the package “${pkg}” was deleted elsewhere`]);
  await expectGoneView(app, pkg, `The package “${pkg}” no longer exists`);
  await expect(errors).toHaveCount(1);
  expect(await transferJobs(server)).toBe(jobsBefore);
  // The transfers panel offers no upload into it either.
  await app.getByTestId('transfers-toggle').click();
  const panel = app.getByTestId('transfers-panel');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('upload-files')).toHaveCount(0);
  await expect(panel.locator('.drop-zone')).toHaveCount(0);

  await app.getByTestId('root-gone-up').click();
  await expect(app.getByTestId('packages-view').getByTestId('view-title')).toContainText(bucket);
});

test('in 简体中文 the same drop says so in Chinese, naming the package', async ({ app, server }) => {
  const bucket = unique('zh');
  const pkg = unique('相册');
  try {
    await server.call('settings.update', { language: 'zh-CN' });
    await expect(app.getByTestId('page-sync')).toHaveText('同步');
    await openThenDeleteBehindTheApp(app, bucket, pkg);

    await dropOnList(app, await stageDrop(app, [{ path: '照片.bin', size: 64 }]));

    await expect(app.locator('[data-testid="toast"].toast-error > span')).toHaveText([`无法开始上传：已不存在（RootGone）：包“${pkg}”已在别处被删除`]);
    await expectGoneView(app, pkg, `包“${pkg}”已不存在`);
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});
