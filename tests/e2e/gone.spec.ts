/**
 * What was open and is deleted elsewhere: a package deleted through the API by
 * another client of the app (another browser tab: main tells this tab), a
 * package deleted by another client of the service (nobody tells the app: a
 * refresh finds out), a folder emptied elsewhere, and a connection removed in
 * another tab. Each time the view says what is gone by its name, offers the
 * way up, turns off what would write into it, and never shows a service id.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { list, makePackage, openPackage, row, startDataNode, uploadFiles, type DataNode } from './browser-support';

/** "package 2", "object 422", "bucket 7": how services name things by id; none may reach the page. */
const SERVICE_ID = /\b(package|object|bucket)\s*(id)?\s*\d+\b/i;

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Gone node');
});

test.afterAll(async () => {
  await node?.stop();
});

const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function filledPackage(bucket: string, pkg: string): Promise<number> {
  const { packageId } = await makePackage(node.client, bucket, pkg);
  await uploadFiles(node.client, packageId, [
    { path: 'a.txt', body: Buffer.from('a') },
    { path: 'docs/readme.md', body: Buffer.from('# readme') },
  ]);
  return packageId;
}

async function expectNoServiceIds(page: Page): Promise<void> {
  await expect(page.locator('body')).not.toHaveText(SERVICE_ID);
}

async function expectWritesOff(page: Page): Promise<void> {
  await expect(page.getByTestId('upload')).toBeDisabled();
  await expect(page.getByTestId('new-folder')).toBeDisabled();
  await expect(page.getByTestId('download')).toBeDisabled();
  // No drop target: the list (and its drop zone) is replaced by the notice.
  await expect(page.getByTestId('browser-drop-zone')).toHaveCount(0);
  await expect(list(page)).toHaveCount(0);
}

test('a package deleted in another tab: the view says so by name, writes are off, and "go up" leads to its bucket', async ({ app, server }) => {
  const bucket = unique('shared');
  const pkg = unique('photos');
  await filledPackage(bucket, pkg);
  await openPackage(app, node, bucket, pkg);
  await expect(row(app, 'a.txt')).toBeVisible();

  const buckets = await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: null });
  const bucketId = buckets.find((b) => b.name === bucket)!.id;
  const packages = await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: bucketId });
  await server.call('roots.delete', { connectionId: node.connectionId, rootId: packages.find((p) => p.name === pkg)!.id });

  const gone = app.getByTestId('root-gone');
  await expect(gone).toContainText(`The package “${pkg}” no longer exists`);
  await expectWritesOff(app);
  await expectNoServiceIds(app);

  await gone.getByTestId('root-gone-up').click();
  const packagesView = app.getByTestId('packages-view');
  await expect(packagesView.getByTestId('view-title')).toContainText(bucket);
  await expect(packagesView.getByTestId('view-empty')).toBeVisible();
  await expectNoServiceIds(app);
});

test('a package deleted by another client of the service: a refresh finds it gone, and no id is shown', async ({ app }) => {
  const bucket = unique('other');
  const pkg = unique('notes');
  const packageId = await filledPackage(bucket, pkg);
  await openPackage(app, node, bucket, pkg);
  await row(app, 'docs').dblclick();
  await expect(row(app, 'readme.md')).toBeVisible();

  await node.client.deletePackage(packageId); // straight to the service: the app is not told
  await app.getByTestId('refresh').click();

  await expect(app.getByTestId('root-gone')).toContainText(`The package “${pkg}” no longer exists`);
  await expectWritesOff(app);
  await expectNoServiceIds(app);
  await app.getByTestId('root-gone-up').click();
  await expect(app.getByTestId('packages-view').getByTestId('view-title')).toContainText(bucket);
});

test('a folder emptied elsewhere shows as empty, with the way up', async ({ app }) => {
  const bucket = unique('folders');
  const pkg = unique('work');
  await filledPackage(bucket, pkg);
  await openPackage(app, node, bucket, pkg);
  await row(app, 'docs').dblclick();
  await expect(row(app, 'readme.md')).toBeVisible();

  const pkgId = (await node.client.listBuckets()).find((b) => b.name === bucket)!;
  const packageId = (await node.client.listBucketPackages(pkgId.bucketID)).find((p) => p.name === pkg)!.packageID;
  const listed = await node.client.listByPath({ packageID: packageId, path: 'docs/', isPrefix: true });
  await node.client.deleteObjects(listed.objects.map((o) => o.objectID));
  await app.getByTestId('refresh').click();

  await expect(app.getByTestId('list-empty')).toBeVisible();
  await expect(app.getByTestId('root-gone')).toHaveCount(0);
  await expect(app.getByTestId('upload')).toBeEnabled();
  await app.getByTestId('empty-up').click();
  await expect(row(app, 'a.txt')).toBeVisible();
  await expect(row(app, 'docs')).toHaveCount(0);
});

test('a connection removed in another tab: the view says so and leads to this computer', async ({ app, server }) => {
  const other = await startDataNode(server, unique('Removed node'));
  try {
    await makePackage(other.client, 'b', 'p');
    await openPackage(app, other, 'b', 'p');
    await server.call('connections.remove', { id: other.connectionId });
    const gone = app.getByTestId('connection-gone');
    await expect(gone).toContainText('This connection was removed');
    await expectNoServiceIds(app);
    await gone.getByTestId('connection-gone-up').click();
    await expect(app.getByTestId('buckets-view').getByTestId('view-title')).toContainText('This computer');
  } finally {
    await other.stop();
  }
});
