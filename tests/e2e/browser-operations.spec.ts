import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { list, makePackage, numberedFiles, openPackage, recordProgress, row, startDataNode, uploadFiles, visibleNames, type DataNode, pathsIn as pathsInPackage } from './browser-support';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Operations node');
});

test.afterAll(async () => {
  await node?.stop();
});

function pathsIn(packageId: number, prefix = ''): Promise<string[]> {
  return pathsInPackage(node.client, packageId, prefix);
}

/** A toast saying exactly `text` (error toasts stay until dismissed, so earlier ones may still be there). */
const toast = (page: Page, text: string) => page.getByTestId('toast').getByText(text, { exact: true });

test('renames a file and a folder, checking the name as it is typed', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'work', 'rename');
  await uploadFiles(node.client, packageId, [
    { path: 'notes.txt', body: Buffer.from('notes') },
    { path: 'other.txt', body: Buffer.from('other') },
    { path: 'old/one.txt', body: Buffer.from('1') },
    { path: 'old/two.txt', body: Buffer.from('2') },
  ]);
  await openPackage(app, node, 'work', 'rename');

  await row(app, 'notes.txt').click();
  await app.keyboard.press('F2');
  const dialog = app.getByTestId('rename-dialog');
  const input = dialog.getByRole('textbox');
  await expect(input).toHaveValue('notes.txt');
  await input.fill('other.txt');
  await expect(dialog).toContainText('already here');
  await expect(dialog.getByRole('button', { name: 'Rename' })).toBeDisabled();
  await input.fill('sub/notes.txt');
  await expect(dialog).toContainText('cannot contain “/”');
  await input.fill('renamed.txt');
  await input.press('Enter');
  await expect(dialog).toBeHidden();
  await expect(row(app, 'renamed.txt')).toBeVisible();
  await expect(row(app, 'notes.txt')).toHaveCount(0);
  await expect(row(app, 'renamed.txt')).toHaveAttribute('aria-selected', 'true');

  await row(app, 'old').click({ button: 'right' });
  await app.getByTestId('menu-rename').click();
  await input.fill('new');
  await input.press('Enter');
  await expect(row(app, 'new')).toBeVisible();
  await expect(row(app, 'old')).toHaveCount(0);
  await expect(toast(app, 'Renamed 2 objects')).toBeVisible();
  expect(await pathsIn(packageId)).toEqual(['new/one.txt', 'new/two.txt', 'other.txt', 'renamed.txt']);
  await row(app, 'new').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['one.txt', 'two.txt']);
});

test('deletes a folder after saying how many objects it holds', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'work', 'delete');
  await uploadFiles(node.client, packageId, [
    { path: 'keep.txt', body: Buffer.alloc(2048) },
    { path: 'trash/a.bin', body: Buffer.alloc(1024, 1) },
    { path: 'trash/b.bin', body: Buffer.alloc(1024, 2) },
    { path: 'trash/deeper/c.bin', body: Buffer.alloc(1024, 3) },
  ]);
  await openPackage(app, node, 'work', 'delete');

  // A single file: asked by name and size; cancelling keeps it.
  await row(app, 'keep.txt').click({ button: 'right' });
  await app.getByTestId('menu-delete').click();
  await expect(app.getByTestId('delete-message')).toHaveText('Delete “keep.txt” (2 KB)?');
  await app.getByTestId('delete-dialog').getByRole('button', { name: 'Cancel' }).click();
  await expect(row(app, 'keep.txt')).toBeVisible();

  await row(app, 'trash').click();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('delete-message')).toHaveText('This deletes 3 objects (3 KB) in “trash”.');
  await app.getByTestId('delete-confirm').click();
  await expect(toast(app, 'Deleted 3 objects')).toBeVisible();
  await expect(row(app, 'trash')).toHaveCount(0);
  await expect(list(app).locator('[aria-selected="true"]')).toHaveCount(0);
  expect(await pathsIn(packageId)).toEqual(['keep.txt']);
});

test('moves and copies into another folder and another package, asking about conflicts', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'work', 'source');
  const { packageId: otherId } = await makePackage(node.client, 'work', 'target');
  await uploadFiles(node.client, packageId, [
    { path: 'a.txt', body: Buffer.from('a') },
    { path: 'b.txt', body: Buffer.from('b, the one to move') },
    { path: 'dest/b.txt', body: Buffer.from('b, already there') },
    { path: 'dir/x.txt', body: Buffer.from('x') },
    { path: 'dir/y.txt', body: Buffer.from('y') },
  ]);
  await uploadFiles(node.client, otherId, [{ path: 'inbox/dir/x.txt', body: Buffer.from('x, already there') }]);
  await openPackage(app, node, 'work', 'source');

  // Move two files into a folder where one name is taken: asked first, "Skip" moves the other one only.
  await row(app, 'a.txt').click();
  await row(app, 'b.txt').click({ modifiers: ['Shift'] });
  await row(app, 'b.txt').click({ button: 'right' });
  await app.getByTestId('menu-move-to').click();
  const dialog = app.getByTestId('transfer-dialog');
  await expect(dialog.getByTestId('transfer-confirm')).toBeDisabled(); // already in this folder
  await dialog.locator('[data-testid="picker-folder"][data-name="dest"]').click();
  await expect(dialog.getByTestId('transfer-destination')).toHaveText('To source/dest/');
  await dialog.getByTestId('transfer-confirm').click();
  const question = app.getByTestId('transfer-conflict-dialog');
  await expect(question.getByTestId('transfer-conflict-summary')).toHaveText('1 item already exists in “source/dest/”. Nothing has been changed yet.');
  await question.getByTestId('transfer-conflict-skip').click();
  await expect(toast(app, 'Moved 1 object; 1 skipped')).toBeVisible();
  await expect(app.getByTestId('failures-dialog')).toHaveCount(0);
  await expect(row(app, 'a.txt')).toHaveCount(0);
  await expect(row(app, 'b.txt')).toBeVisible();
  expect(await pathsIn(packageId)).toEqual(['b.txt', 'dest/a.txt', 'dest/b.txt', 'dir/x.txt', 'dir/y.txt']);

  // Copy a folder into another package: x.txt is taken there, y.txt is copied.
  await row(app, 'dir').click();
  await row(app, 'dir').click({ button: 'right' });
  await app.getByTestId('menu-copy-to').click();
  await dialog.getByTestId('transfer-package').selectOption({ label: 'work / target' });
  await dialog.locator('[data-testid="picker-folder"][data-name="inbox"]').click();
  await expect(dialog.getByTestId('transfer-destination')).toHaveText('To target/inbox/');
  await dialog.getByTestId('transfer-confirm').click();
  await expect(question.getByTestId('transfer-conflict-names')).toHaveText('dir/x.txt');
  await question.getByTestId('transfer-conflict-skip').click();
  await expect(toast(app, 'Copied 1 object; 1 skipped')).toBeVisible();
  expect(await pathsIn(otherId)).toEqual(['inbox/dir/x.txt', 'inbox/dir/y.txt']);
  expect(await pathsIn(packageId, 'dir/')).toEqual(['dir/x.txt', 'dir/y.txt']);

  // Copy a file into a folder of this package made for it with "New folder" in the picker.
  await row(app, 'b.txt').click();
  await row(app, 'b.txt').click({ button: 'right' });
  await app.getByTestId('menu-copy-to').click();
  await dialog.getByTestId('picker-new-folder').click();
  const prompt = app.getByRole('dialog', { name: 'New folder' });
  await prompt.getByRole('textbox').fill('copies');
  await prompt.getByRole('button', { name: 'Create' }).click();
  await expect(dialog.getByTestId('transfer-destination')).toHaveText('To source/copies/');
  await dialog.getByTestId('transfer-confirm').click();
  await expect(toast(app, 'Copied 1 object')).toBeVisible();
  await expect(row(app, 'copies')).toBeVisible();
  await expect(row(app, 'copies')).not.toContainText('not saved yet');
  expect(await pathsIn(packageId, 'copies/')).toEqual(['copies/b.txt']);
});

test('shows the progress of an operation on a big folder', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'bulk', 'from');
  const { packageId: copyId } = await makePackage(node.client, 'bulk', 'to');
  await uploadFiles(node.client, packageId, numberedFiles('bulk/', 3000));
  await openPackage(app, node, 'bulk', 'from');
  await expect(row(app, 'bulk')).toBeVisible();

  // Every state the progress line goes through (it may be short-lived).
  const progress = await recordProgress(app);
  const seen = () => progress.read();

  await row(app, 'bulk').click({ button: 'right' });
  await app.getByTestId('menu-copy-to').click();
  const dialog = app.getByTestId('transfer-dialog');
  await dialog.getByTestId('transfer-package').selectOption({ label: 'bulk / to' });
  await dialog.getByTestId('transfer-confirm').click();
  await expect(toast(app, 'Copied 3,000 objects')).toBeVisible({ timeout: 30_000 });
  await expect(app.getByTestId('operation-progress')).toHaveCount(0);
  const copies = (await seen()).filter((s) => s.kind === 'copy');
  expect(copies.length).toBeGreaterThan(0);
  expect(copies.some((s) => s.total === 3000)).toBe(true);
  expect(copies.every((s) => s.done <= s.total || s.total === 0)).toBe(true);
  expect((await pathsIn(copyId, 'bulk/')).length).toBe(3000);

  // Deleting the original says how much goes, then shows its progress too.
  await row(app, 'bulk').click();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('delete-message')).toContainText('This deletes 3,000 objects');
  await app.getByTestId('delete-confirm').click();
  await expect(toast(app, 'Deleted 3,000 objects')).toBeVisible({ timeout: 30_000 });
  expect((await seen()).some((s) => s.kind === 'delete')).toBe(true);
  await expect(row(app, 'bulk')).toHaveCount(0);
});

test('cancels a long operation from its progress line', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'cancel', 'from');
  const { packageId: copyId } = await makePackage(node.client, 'cancel', 'to');
  await uploadFiles(node.client, packageId, numberedFiles('many/', 10_000));
  await openPackage(app, node, 'cancel', 'from');
  await row(app, 'many').click({ button: 'right' });
  await app.getByTestId('menu-copy-to').click();
  await app.getByTestId('transfer-package').selectOption({ label: 'cancel / to' });
  await app.getByTestId('transfer-confirm').click();
  // Cancel once the service knows how much there is to do (it stops between two batches).
  await expect(app.locator('[data-testid="operation-progress"][data-total="10000"]')).toBeVisible();
  await app.getByTestId('operation-cancel').click();
  await expect(app.getByTestId('toast').getByText(/^Cancelled after [\d,]+ of 10,000 objects$/)).toBeVisible();
  await expect(app.getByTestId('operation-progress')).toHaveCount(0);
  const copied = (await pathsIn(copyId)).length;
  expect(copied).toBeLessThan(10_000);
});
