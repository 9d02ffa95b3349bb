/**
 * The current place lives in the address (issue 16, item 2): a reload, or a
 * copied link opened in another window, lands in the same connection, bucket,
 * package and folder; another page of the app (Sync) too. Addresses that name
 * what is not there, or hostile values, say so (in English and 简体中文) and
 * show the nearest sane place; the app keeps working.
 */
import type { Page } from '@playwright/test';
import { crumbs, makePackage, openPackage, row, startDataNode, uploadFiles, visibleNames, type DataNode } from './browser-support';
import { expect, test } from './fixtures';

declare const window: { location: { hash: string } };

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Places node');
  const { packageId } = await makePackage(node.client, 'maps', 'city');
  await uploadFiles(node.client, packageId, [
    { path: 'north/roads/a.txt', body: Buffer.from('a') },
    { path: 'north/b.txt', body: Buffer.from('b') },
    { path: 'south.txt', body: Buffer.from('s') },
  ]);
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'en' });
  await node?.stop();
});

function toast(page: Page, text: string) {
  return page.getByTestId('toast').filter({ hasText: text });
}

async function loaded(page: Page): Promise<void> {
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

/** Opens an address afresh, as a pasted link in a new tab does (a mere fragment change would not reload the page). */
async function openAddress(page: Page, address: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(address);
  await loaded(page);
}

test('a reload and a copied link land in the same folder; the Sync page too', async ({ app, server, context }) => {
  test.setTimeout(120_000);
  await openPackage(app, node, 'maps', 'city');
  await row(app, 'north').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['roads', 'b.txt']);
  await row(app, 'roads').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['a.txt']);
  const trail = await crumbs(app);
  expect(new URL(app.url()).hash).toMatch(/^#\/files\?conn=[^&]+&root=[^&]+&root=[^&]+&folder=north%2Froads%2F$/);

  await app.reload();
  await loaded(app);
  await expect.poll(() => visibleNames(app)).toEqual(['a.txt']);
  expect(await crumbs(app)).toEqual(trail);

  // The link copied into a second window (the same browser: signed in already).
  const second = await context.newPage();
  await second.goto(app.url());
  await loaded(second);
  await expect.poll(() => visibleNames(second)).toEqual(['a.txt']);
  expect(await crumbs(second)).toEqual(trail);

  // Going up rewrites the address; so does another page of the app.
  await second.getByTestId('crumb').filter({ hasText: 'city' }).click();
  await expect.poll(() => visibleNames(second)).toEqual(['north', 'south.txt']);
  expect(new URL(second.url()).hash).not.toContain('folder=');
  await second.goto(`${server.url}/#/sync`);
  await loaded(second);
  await expect(second.getByTestId('main-pane')).toHaveAttribute('data-page', 'sync');
  await second.reload();
  await loaded(second);
  await expect(second.getByTestId('main-pane')).toHaveAttribute('data-page', 'sync');
  await second.close();
});

test('addresses that name nothing here, or hostile values, say so and show the nearest sane place', async ({ app, server }) => {
  test.setTimeout(120_000);
  await openPackage(app, node, 'maps', 'city');
  const good = new URL(app.url()).hash; // the package's top
  const params = new URLSearchParams(good.slice(good.indexOf('?') + 1));
  const connection = params.get('conn')!;
  const [bucket, pkg] = params.getAll('root');

  // A connection that is not here (with markup in it: shown as text, never run).
  await openAddress(app, `${server.url}/#/files?conn=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E&root=1&root=2`);
  await expect(toast(app, 'This address names a connection that is not here')).toBeVisible();
  await expect(app.getByTestId('object-list')).toHaveCount(0);
  expect(new URL(app.url()).hash).toBe('#/files');

  // A folder that climbs out: the package's top instead.
  await openAddress(app, `${server.url}/#/files?conn=${connection}&root=${bucket}&root=${pkg}&folder=..%2F..%2Fetc%2F`);
  await expect(toast(app, 'This address names a folder that cannot be read')).toBeVisible();
  await expect.poll(() => visibleNames(app)).toEqual(['north', 'south.txt']);
  expect(new URL(app.url()).hash).toBe(good);

  // More levels than the connection has: its top level.
  await openAddress(app, `${server.url}/#/files?conn=${connection}&root=${bucket}&root=${pkg}&root=${pkg}`);
  await expect(toast(app, 'This address opens more levels than “Places node” has')).toBeVisible();
  await expect(app.getByTestId('buckets-table').locator('[data-testid="entity-row"][data-name="maps"]')).toBeVisible();

  // A page the app does not have; then a link pasted into the same tab is followed.
  await openAddress(app, `${server.url}/#/..%2Fadmin`);
  await expect(toast(app, 'This address names no page of the app (“../admin”)')).toBeVisible();
  await app.evaluate((hash) => (window.location.hash = hash), `/files?conn=${connection}&root=${bucket}&root=${pkg}&folder=north%2F`);
  await expect.poll(() => visibleNames(app)).toEqual(['roads', 'b.txt']);

  // In 简体中文.
  await server.call('settings.update', { language: 'zh-CN' });
  await openAddress(app, `${server.url}/#/files?conn=${connection}&root=${bucket}&root=${pkg}&view=%3Cscript%3E`);
  await expect(toast(app, '此地址要求的视图未知（“<script>”）：保持当前视图。')).toBeVisible();
  await expect.poll(() => visibleNames(app)).toEqual(['north', 'south.txt']);
});
