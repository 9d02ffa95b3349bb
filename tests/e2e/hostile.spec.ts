/**
 * The hostile service as a user meets it in Chromium (headless mode): a file
 * whose fileHash cannot be checked carries a "not verified" badge in the list
 * and in the details panel (in both languages); a file whose bytes arrive
 * damaged is a failed download in the browser, not a saved file, while a good
 * one downloads whole; with "Require verified downloads" checked in Settings
 * the unverifiable file is refused; the server keeps serving.
 */
import { jcsDraft } from '../helpers/core';
import { readFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import type { Download, Page } from '@playwright/test';
import { HostileJcs } from '../helpers/hostile-jcs';
import { startTestNode, type TestNode } from '../helpers/storage-node';
import { expect, test } from './fixtures';

let node: TestNode;
let hostile: HostileJcs;
const CONNECTION = 'Hostile service';

test.beforeAll(async ({ server }) => {
  node = await startTestNode({ credentials: null });
  hostile = await HostileJcs.start(node.node.url);
  await server.call('connections.add', jcsDraft(CONNECTION, hostile.url));
});

test.afterAll(async () => {
  await hostile?.close();
  await node?.dispose();
});

async function openHostilePackage(page: Page, bucket: string, pkg: string): Promise<void> {
  await page.getByTestId('tree-connection').filter({ hasText: CONNECTION }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator(`[data-testid="entity-row"][data-name="${bucket}"]`).dblclick();
  await page.getByTestId('packages-table').locator(`[data-testid="entity-row"][data-name="${pkg}"]`).dblclick();
  await expect(page.getByTestId('object-list')).toBeVisible();
}

function row(page: Page, name: string) {
  return page.getByTestId('object-list').locator(`[data-testid="browser-row"][data-name="${name}"]`);
}

async function downloadOf(page: Page, name: string): Promise<Download> {
  await row(page, name).click();
  const download = page.waitForEvent('download');
  await page.getByTestId('download').click();
  return download;
}

test('unverifiable files are marked "not verified"; damaged bytes make a failed download, good ones arrive whole', async ({ app, server }) => {
  const bucket = await node.client.createBucket('hostile-ui');
  const pkg = await node.client.createPackage(bucket.bucketID, 'files');
  const good = randomBytes(200_000);
  await node.client.uploadObjects(pkg.packageID, [
    { path: 'good.bin', body: good },
    { path: 'damaged.bin', body: randomBytes(500_000) },
    { path: 'comp.bin', body: Buffer.from('checked by nobody') },
  ]);
  hostile.corrupt.add('damaged.bin');
  hostile.hashes.set('comp.bin', `Comp${'7E'.repeat(32)}`);

  await openHostilePackage(app, 'hostile-ui', 'files');
  await expect(row(app, 'comp.bin').getByTestId('unverified-badge')).toHaveText('not verified');
  await expect(row(app, 'good.bin').getByTestId('unverified-badge')).toHaveCount(0);
  await row(app, 'comp.bin').click();
  await expect(app.getByTestId('details-unverified')).toContainText('not verified');
  await row(app, 'good.bin').click();
  await expect(app.getByTestId('details-unverified')).toHaveCount(0);

  const damaged = await downloadOf(app, 'damaged.bin');
  expect(await damaged.failure()).not.toBeNull(); // Chromium saw the response end before its Content-Length

  const fine = await downloadOf(app, 'good.bin');
  expect(await fine.failure()).toBeNull();
  expect((await readFile(await fine.path())).equals(good)).toBe(true);

  const unverified = await downloadOf(app, 'comp.bin');
  expect(await unverified.failure()).toBeNull();
  expect((await readFile(await unverified.path())).toString('utf8')).toBe('checked by nobody');

  expect((await server.call<{ name: string }>('app.info')).name).toBe('JCS Desktop'); // still serving

  // Settings → Require verified downloads: the same file is now refused (the browser sees a failed download).
  await app.getByTestId('open-settings').click();
  const dialog = app.getByTestId('settings-dialog');
  await dialog.getByTestId('settings-requireVerifiedDownloads').check();
  await expect.poll(async () => (await server.call<{ transfers: { requireVerifiedDownloads: boolean } }>('settings.get')).transfers.requireVerifiedDownloads).toBe(true);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  try {
    const refused = await downloadOf(app, 'comp.bin');
    expect(await refused.failure()).not.toBeNull();
  } finally {
    const settings = await server.call<{ transfers: Record<string, unknown> }>('settings.get');
    await server.call('settings.update', { transfers: { ...settings.transfers, requireVerifiedDownloads: false } });
  }

  await server.call('settings.update', { language: 'zh-CN' });
  try {
    await expect(row(app, 'comp.bin').getByTestId('unverified-badge')).toHaveText('未校验');
  } finally {
    await server.call('settings.update', { language: 'en' });
  }
});
