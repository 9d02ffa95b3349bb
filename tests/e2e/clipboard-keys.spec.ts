/**
 * Ctrl+C / Ctrl+X / Ctrl+V in the list: copy the selection into another
 * folder, move it into another package (through the same copy/move
 * operation as Copy to… / Move to…), a cut pasted once, and pastes that
 * cannot be (into the folder itself) said, changing nothing. Checked on the
 * node, not only in the view.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makePackage, openPackage, pathsIn, row, selectedNames, startDataNode, uploadFiles, type DataNode } from './browser-support';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Clipboard node');
});

test.afterAll(async () => {
  await node?.stop();
});

const toast = (page: Page, text: string) => page.getByTestId('toast').getByText(text, { exact: true });

test('copies into another folder and moves into another package with the keyboard', async ({ app }) => {
  const source = await makePackage(node.client, 'clip', 'source');
  const target = await makePackage(node.client, 'clip', 'target');
  await uploadFiles(node.client, source.packageId, [
    { path: 'a.txt', body: Buffer.from('a') },
    { path: 'b.txt', body: Buffer.from('b') },
    { path: 'sub/c.txt', body: Buffer.from('c') },
    { path: 'dest/keep.txt', body: Buffer.from('k') },
  ]);
  await openPackage(app, node, 'clip', 'source');

  // Copy a file and a folder into dest/.
  await row(app, 'a.txt').click();
  await row(app, 'sub').click({ modifiers: ['Control'] });
  await app.keyboard.press('Control+c');
  await expect(toast(app, '2 items copied: paste them with Ctrl+V in another folder')).toBeVisible();
  // Not into a folder being copied.
  await row(app, 'sub').dblclick();
  await app.getByTestId('object-list').focus();
  await app.keyboard.press('Control+v');
  await expect(toast(app, 'A folder cannot be pasted into itself')).toBeVisible();
  await app.getByTestId('nav-up').click();
  await row(app, 'dest').dblclick();
  await expect(row(app, 'keep.txt')).toBeVisible();
  await app.getByTestId('object-list').focus();
  await app.keyboard.press('Control+v');
  await expect(row(app, 'a.txt')).toBeVisible();
  await expect(row(app, 'sub')).toBeVisible();
  expect(await pathsIn(node.client, source.packageId)).toEqual(['a.txt', 'b.txt', 'dest/a.txt', 'dest/keep.txt', 'dest/sub/c.txt', 'sub/c.txt']);

  // Cut b.txt, paste it into the other package: moved there, gone here; a second paste has nothing to paste.
  await app.getByTestId('nav-up').click();
  await row(app, 'b.txt').click();
  await app.keyboard.press('Control+x');
  await expect(toast(app, '1 item cut: paste it with Ctrl+V where it should go')).toBeVisible();
  await app.getByTestId('nav-up').click();
  await app.getByTestId('packages-table').locator('[data-testid="entity-row"][data-name="target"]').dblclick();
  await expect(app.getByTestId('object-list')).toBeVisible();
  await app.getByTestId('object-list').focus();
  await app.keyboard.press('Control+v');
  await expect(row(app, 'b.txt')).toBeVisible();
  expect(await selectedNames(app)).toEqual([]);
  expect(await pathsIn(node.client, target.packageId)).toEqual(['b.txt']);
  expect(await pathsIn(node.client, source.packageId)).toEqual(['a.txt', 'dest/a.txt', 'dest/keep.txt', 'dest/sub/c.txt', 'sub/c.txt']);
  await app.keyboard.press('Control+v');
  await expect(toast(app, 'Nothing to paste: select items and press Ctrl+C or Ctrl+X first')).toBeVisible();
  expect(await pathsIn(node.client, target.packageId)).toEqual(['b.txt']);
});
