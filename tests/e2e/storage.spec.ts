/**
 * Buckets and packages, end to end on the embedded node: created and deleted
 * through the UI (main-pane views, the sidebar tree, their context menus and
 * keyboard), checked in the tree, the views and on the server. Names are
 * unique per test because tests share one server per worker.
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

/** A root as the contract gives it (JCS: a bucket at the top, its packages below). */
interface RootRecord {
  id: string;
  name: string;
}

const treeItem = (page: Page, name: string) => page.getByRole('treeitem', { name, exact: true });
/** An item's own row (its first row: the ones after it belong to its children). */
const treeRow = (page: Page, name: string) => treeItem(page, name).getByTestId('tree-row').first();
const tableRow = (page: Page, name: string) => page.locator(`[data-testid="entity-row"][data-name="${name}"]`);
const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test('creates a bucket and a package through the UI, sees them in the tree and the views, and deletes them after confirming', async ({ app, server }) => {
  const bucket = unique('photos');
  const pkg = unique('summer');

  await treeRow(app, 'This computer').click();
  const bucketsView = app.getByTestId('buckets-view');
  await expect(bucketsView.getByTestId('view-title')).toContainText('This computer');

  // Create a bucket; the name is checked as it is typed.
  await bucketsView.getByTestId('new-bucket').click();
  const create = app.getByTestId('create-bucket-dialog');
  const input = create.getByRole('textbox');
  await input.fill('bad/name');
  await expect(create).toContainText('The name may not contain / or \\.');
  await expect(create.getByRole('button', { name: 'Create' })).toBeDisabled();
  await input.fill(' padded');
  await expect(create).toContainText('may not start or end with a space');
  await input.fill(bucket);
  await expect(create.locator('.field-problem')).toHaveCount(0);
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  await expect(tableRow(app, bucket)).toHaveAttribute('aria-selected', 'true');
  await expect(treeItem(app, 'This computer').getByRole('treeitem', { name: bucket })).toBeVisible();
  expect((await server.call<RootRecord[]>('roots.list', { connectionId: 'local', parentId: null })).map((b) => b.name)).toContain(bucket);

  // Open it (double-click): an empty bucket offers to create a package.
  await tableRow(app, bucket).dblclick();
  const packagesView = app.getByTestId('packages-view');
  await expect(packagesView.getByTestId('view-title')).toContainText(bucket);
  await expect(treeItem(app, bucket)).toHaveAttribute('aria-selected', 'true');
  await expect(packagesView.getByTestId('view-empty')).toBeVisible();
  await packagesView.getByTestId('empty-new-package').click();
  await app.getByTestId('create-package-dialog').getByRole('textbox').fill(pkg);
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('create-package-dialog')).toBeHidden();
  const row = tableRow(app, pkg);
  await expect(row).toHaveAttribute('aria-selected', 'true');
  await expect(row.locator('td').nth(1)).toHaveText(bucket);
  await expect(row.locator('td').nth(2)).toHaveText(/\d{4}/); // a formatted date and time
  await expect(treeItem(app, bucket).getByRole('treeitem', { name: pkg })).toBeVisible();

  // Open the package with the keyboard.
  await app.getByTestId('packages-table').focus();
  await app.keyboard.press('Enter');
  await expect(treeItem(app, pkg)).toHaveAttribute('aria-selected', 'true');
  await expect(app.getByTestId('packages-view')).toHaveCount(0);

  // Delete the package from the tree while inside it: confirm, then we are back in its bucket.
  await treeRow(app, pkg).click({ button: 'right' });
  await app.getByTestId('menu-delete-package').click();
  const confirmPackage = app.getByTestId('delete-package-dialog');
  await expect(confirmPackage).toContainText(`Delete the package “${pkg}”?`);
  await confirmPackage.getByRole('button', { name: 'Delete' }).click();
  await expect(confirmPackage).toBeHidden();
  await expect(treeItem(app, pkg)).toHaveCount(0);
  await expect(packagesView.getByTestId('view-empty')).toBeVisible();
  await expect(treeItem(app, bucket)).toHaveAttribute('aria-selected', 'true');

  // Delete the bucket from the buckets view with the Delete key; cancelling keeps it.
  await treeRow(app, 'This computer').click();
  await tableRow(app, bucket).click();
  await app.keyboard.press('Delete');
  const confirmBucket = app.getByTestId('delete-bucket-dialog');
  await expect(confirmBucket).toContainText(`Delete the bucket “${bucket}”? This deletes all packages and objects inside it`);
  await confirmBucket.getByRole('button', { name: 'Cancel' }).click();
  await expect(confirmBucket).toBeHidden();
  await expect(tableRow(app, bucket)).toBeVisible();
  await tableRow(app, bucket).click();
  await app.keyboard.press('Delete');
  await confirmBucket.getByRole('button', { name: 'Delete' }).click();
  await expect(confirmBucket).toBeHidden();
  await expect(tableRow(app, bucket)).toHaveCount(0);
  await expect(treeItem(app, bucket)).toHaveCount(0);
  expect((await server.call<RootRecord[]>('roots.list', { connectionId: 'local', parentId: null })).map((b) => b.name)).not.toContain(bucket);
});

test('deleting a bucket from the tree says what goes with it and leaves the bucket if you were in it', async ({ app, server }) => {
  const bucket = await server.call<RootRecord>('roots.create', { connectionId: 'local', parentId: null, name: unique('full') });
  for (const name of ['one', 'two']) await server.call('roots.create', { connectionId: 'local', parentId: bucket.id, name });

  await treeRow(app, 'This computer').click();
  await tableRow(app, bucket.name).dblclick();
  await expect(app.getByTestId('packages-table').getByTestId('entity-row')).toHaveCount(2);

  await treeRow(app, bucket.name).click({ button: 'right' });
  await app.getByTestId('menu-delete-bucket').click();
  const confirm = app.getByTestId('delete-bucket-dialog');
  await expect(confirm).toContainText(`“${bucket.name}”`);
  await expect(confirm).toContainText('It holds 2 packages.');
  await confirm.getByRole('button', { name: 'Delete' }).click();
  await expect(confirm).toBeHidden();
  await expect(app.getByTestId('buckets-view')).toBeVisible();
  await expect(treeItem(app, 'This computer')).toHaveAttribute('aria-selected', 'true');
  await expect(treeItem(app, bucket.name)).toHaveCount(0);
});

test('the tree works from the keyboard: arrows, Enter, Home and the context menu key', async ({ app, server }) => {
  const bucket = await server.call<RootRecord>('roots.create', { connectionId: 'local', parentId: null, name: unique('keys') });
  const first = await server.call<RootRecord>('roots.create', { connectionId: 'local', parentId: bucket.id, name: unique('alpha') });
  const second = await server.call<RootRecord>('roots.create', { connectionId: 'local', parentId: bucket.id, name: unique('beta') });

  await treeRow(app, 'This computer').click();
  const bucketItem = treeItem(app, bucket.name);
  await expect(bucketItem).toHaveAttribute('aria-expanded', 'false');
  await bucketItem.focus();

  await app.keyboard.press('ArrowRight'); // expands, loading its packages
  await expect(bucketItem).toHaveAttribute('aria-expanded', 'true');
  await expect(treeItem(app, first.name)).toBeVisible();
  await app.keyboard.press('ArrowRight'); // into the first child
  await expect(treeItem(app, first.name)).toBeFocused();
  await app.keyboard.press('ArrowDown');
  await expect(treeItem(app, second.name)).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(treeItem(app, second.name)).toHaveAttribute('aria-selected', 'true');
  await expect(treeItem(app, second.name)).toBeFocused();

  await app.keyboard.press('ArrowUp');
  await expect(treeItem(app, first.name)).toBeFocused();
  await app.keyboard.press('ArrowLeft'); // to the parent
  await expect(bucketItem).toBeFocused();
  await app.keyboard.press('ArrowLeft'); // collapses
  await expect(bucketItem).toHaveAttribute('aria-expanded', 'false');
  await expect(treeItem(app, first.name)).toHaveCount(0);

  // The context menu from the keyboard, and back to the item when it closes.
  await app.keyboard.press('Shift+F10');
  await expect(app.getByRole('menu').getByTestId('menu-new-package')).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(app.getByRole('menu')).toHaveCount(0);
  await expect(bucketItem).toBeFocused();
  await app.keyboard.press('ContextMenu');
  await expect(app.getByRole('menu').getByTestId('menu-delete-bucket')).toBeVisible();
  await app.keyboard.press('Escape');

  await app.keyboard.press('Home');
  await expect(treeItem(app, 'This computer')).toBeFocused();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('buckets-view')).toBeVisible();
  await expect(treeItem(app, 'This computer')).toHaveAttribute('aria-selected', 'true');

  // Only one item is a tab stop.
  await expect(app.getByTestId('connection-tree').locator('[role="treeitem"][tabindex="0"]')).toHaveCount(1);
});

test('the buckets table works from the keyboard and its context menu creates packages', async ({ app, server }) => {
  const prefix = unique('kb');
  for (const name of ['a', 'b', 'c']) await server.call('roots.create', { connectionId: 'local', parentId: null, name: `${prefix}-${name}` });

  await treeRow(app, 'This computer').click();
  const table = app.getByTestId('buckets-table');
  await tableRow(app, `${prefix}-a`).click();
  await expect(tableRow(app, `${prefix}-a`)).toHaveAttribute('aria-selected', 'true');
  await app.keyboard.press('ArrowDown');
  await expect(tableRow(app, `${prefix}-b`)).toHaveAttribute('aria-selected', 'true');
  await expect(tableRow(app, `${prefix}-a`)).toHaveAttribute('aria-selected', 'false');
  await expect(table).toHaveAttribute('aria-activedescendant', /.+/);

  // The context menu (right-click) on a row: "New package…" creates it in that bucket.
  await tableRow(app, `${prefix}-c`).click({ button: 'right' });
  await app.getByTestId('menu-new-package').click();
  const create = app.getByTestId('create-package-dialog');
  await expect(create).toContainText(`New package in “${prefix}-c”`);
  await create.getByRole('textbox').fill('from-menu');
  await create.getByRole('button', { name: 'Create' }).click();
  await expect(create).toBeHidden();
  const buckets = await server.call<RootRecord[]>('roots.list', { connectionId: 'local', parentId: null });
  const c = buckets.find((b) => b.name === `${prefix}-c`)!;
  expect((await server.call<RootRecord[]>('roots.list', { connectionId: 'local', parentId: c.id })).map((p) => p.name)).toEqual(['from-menu']);

  // Enter opens the selected bucket.
  await table.focus();
  await app.keyboard.press('Enter');
  await expect(app.getByTestId('packages-view').getByTestId('view-title')).toContainText(`${prefix}-c`);
  await expect(tableRow(app, 'from-menu')).toBeVisible();

  for (const b of buckets.filter((x) => x.name.startsWith(prefix))) await server.call('roots.delete', { connectionId: 'local', rootId: b.id });
});
