import { expect, test } from './fixtures';
import { clipboardText, crumbs, list, makePackage, numberedFiles, openPackage, row, selectedNames, startDataNode, uploadFiles, visibleNames, type DataNode } from './browser-support';

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Browse node');
  const { packageId } = await makePackage(node.client, 'photos', 'trip');
  await uploadFiles(node.client, packageId, [
    { path: 'a.txt', body: Buffer.from('small') },
    { path: 'b-large.bin', body: Buffer.alloc(5000, 1) },
    { path: 'c-medium.bin', body: Buffer.alloc(300, 2) },
    { path: 'docs/readme.md', body: Buffer.from('# readme\n') },
    { path: 'docs/2024/report.pdf', body: Buffer.alloc(1234, 3) },
    { path: 'docs/2024/q1/plan.txt', body: Buffer.from('plan') },
    { path: 'music/song.mp3', body: Buffer.alloc(10, 4) },
  ]);
});

test.afterAll(async () => {
  await node?.stop();
});

test('lists folders first, then files, and navigates with breadcrumbs, back, forward and up', async ({ app }) => {
  await openPackage(app, node, 'photos', 'trip');
  await expect(row(app, 'a.txt')).toBeVisible();
  expect(await visibleNames(app)).toEqual(['docs', 'music', 'a.txt', 'b-large.bin', 'c-medium.bin']);
  expect(await crumbs(app)).toEqual(['photos', 'trip']);
  await expect(app.getByTestId('nav-forward')).toBeDisabled();

  await row(app, 'docs').dblclick();
  await expect(row(app, 'readme.md')).toBeVisible();
  await row(app, '2024').dblclick();
  await row(app, 'q1').dblclick();
  await expect(row(app, 'plan.txt')).toBeVisible();
  expect(await crumbs(app)).toEqual(['photos', 'trip', 'docs', '2024', 'q1']);

  await app.getByTestId('crumb').filter({ hasText: 'docs' }).click();
  await expect(row(app, '2024')).toBeVisible();
  expect(await crumbs(app)).toEqual(['photos', 'trip', 'docs']);

  await app.getByTestId('nav-back').click();
  await expect(row(app, 'plan.txt')).toBeVisible();
  await app.getByTestId('nav-forward').click();
  await expect(row(app, 'readme.md')).toBeVisible();
  await expect(app.getByTestId('nav-forward')).toBeDisabled();

  await app.getByTestId('nav-up').click();
  await expect(row(app, 'a.txt')).toBeVisible();
  expect(await crumbs(app)).toEqual(['photos', 'trip']);

  // The keyboard: Enter opens, Backspace and Alt+Up go up, Alt+Left/Right go back and forward.
  await list(app).focus();
  await app.keyboard.press('Home');
  await app.keyboard.press('Enter');
  await expect(row(app, 'readme.md')).toBeVisible();
  await app.keyboard.press('Backspace');
  await expect(row(app, 'a.txt')).toBeVisible();
  await app.keyboard.press('Alt+ArrowLeft');
  await expect(row(app, 'readme.md')).toBeVisible();
  await app.keyboard.press('Alt+ArrowRight');
  await expect(row(app, 'a.txt')).toBeVisible();

  // Above the package root is the bucket's package list.
  await app.getByTestId('crumb').filter({ hasText: 'photos' }).click();
  await expect(app.getByTestId('packages-table')).toBeVisible();
});

test('sorts by name, size and modified time; folders stay first', async ({ app }) => {
  await openPackage(app, node, 'photos', 'trip');
  await expect(row(app, 'a.txt')).toBeVisible();
  await app.getByTestId('sort-size').click();
  await expect.poll(() => visibleNames(app)).toEqual(['docs', 'music', 'a.txt', 'c-medium.bin', 'b-large.bin']);
  await expect(app.getByRole('columnheader', { name: 'Size' })).toHaveAttribute('aria-sort', 'ascending');
  await app.getByTestId('sort-size').click();
  await expect.poll(() => visibleNames(app)).toEqual(['docs', 'music', 'b-large.bin', 'c-medium.bin', 'a.txt']);
  await app.getByTestId('sort-name').click();
  await expect.poll(() => visibleNames(app)).toEqual(['docs', 'music', 'a.txt', 'b-large.bin', 'c-medium.bin']);
  await app.getByTestId('sort-name').click();
  await expect.poll(() => visibleNames(app)).toEqual(['music', 'docs', 'c-medium.bin', 'b-large.bin', 'a.txt']);
  await app.getByTestId('sort-modified').click();
  await expect(app.getByRole('columnheader', { name: 'Modified' })).toHaveAttribute('aria-sort', 'ascending');
  expect((await visibleNames(app)).slice(0, 2)).toEqual(['docs', 'music']);
  await app.getByTestId('sort-name').click(); // back to the default for the other tests
});

test('filters the current folder', async ({ app }) => {
  await openPackage(app, node, 'photos', 'trip');
  await app.getByTestId('filter').fill('B');
  await expect.poll(() => visibleNames(app)).toEqual(['b-large.bin', 'c-medium.bin']);
  await app.getByTestId('filter').fill('US');
  await expect.poll(() => visibleNames(app)).toEqual(['music']);
  await app.getByTestId('filter').fill('nothing-like-this');
  await expect(app.getByTestId('list-empty')).toContainText('nothing-like-this');
  await app.getByTestId('filter').press('Escape');
  await expect(row(app, 'a.txt')).toBeVisible();
  // Entering a folder clears the filter.
  await app.getByTestId('filter').fill('doc');
  await row(app, 'docs').dblclick();
  await expect(app.getByTestId('filter')).toHaveValue('');
});

test('selects with the mouse and the keyboard, and shows details of the selection', async ({ app }) => {
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPackage(app, node, 'photos', 'trip');
  const selected = () => selectedNames(app);

  await row(app, 'a.txt').click();
  await expect.poll(selected).toEqual(['a.txt']);
  await app.keyboard.press('Shift+ArrowDown');
  await app.keyboard.press('Shift+ArrowDown');
  await expect.poll(selected).toEqual(['a.txt', 'b-large.bin', 'c-medium.bin']);
  await expect(app.getByTestId('details-count')).toHaveText('3 items selected');
  await expect(app.getByTestId('details-total-size')).toHaveText('5.18 KB'); // 5 + 5,000 + 300 bytes
  await app.keyboard.press('Shift+ArrowUp');
  await expect.poll(selected).toEqual(['a.txt', 'b-large.bin']);

  await row(app, 'docs').click({ modifiers: ['ControlOrMeta'] });
  await expect.poll(selected).toEqual(['docs', 'a.txt', 'b-large.bin']);
  await row(app, 'a.txt').click({ modifiers: ['ControlOrMeta'] });
  await expect.poll(selected).toEqual(['docs', 'b-large.bin']);
  await row(app, 'music').click();
  await row(app, 'b-large.bin').click({ modifiers: ['Shift'] });
  await expect.poll(selected).toEqual(['music', 'a.txt', 'b-large.bin']);
  await expect(app.getByTestId('selected-count')).toHaveText('3 selected');

  await app.keyboard.press('ControlOrMeta+a');
  await expect.poll(selected).toEqual(['docs', 'music', 'a.txt', 'b-large.bin', 'c-medium.bin']);
  await app.keyboard.press('Escape');
  await expect.poll(selected).toEqual([]);
  await app.keyboard.press('End');
  await expect.poll(selected).toEqual(['c-medium.bin']);
  await expect(list(app)).toHaveAttribute('aria-activedescendant', /browser-row-4/);
  await app.keyboard.press('Home');
  await expect.poll(selected).toEqual(['docs']);
  // Type-to-find jumps to the first name starting with what was typed.
  await app.keyboard.type('b-');
  await expect.poll(selected).toEqual(['b-large.bin']);

  // One file: its path, size (human and exact), hash, redundancy and times.
  const expectedHash = 'Full' + (await import('node:crypto')).createHash('sha256').update(Buffer.alloc(5000, 1)).digest('hex').toUpperCase();
  await expect(app.getByTestId('details-path')).toHaveText('b-large.bin');
  await expect(app.getByTestId('details-size')).toHaveText('4.88 KB');
  await expect(app.getByTestId('details-size-exact')).toHaveText('5,000 bytes');
  await expect(app.getByTestId('details-hash')).toHaveText(expectedHash);
  await expect(app.getByTestId('details-redundancy')).not.toBeEmpty();
  await expect(app.getByTestId('details-created')).not.toBeEmpty();
  await app.getByTestId('copy-hash').click();
  await expect(app.getByTestId('copy-hash')).toContainText('Copied');
  expect(await clipboardText(app)).toBe(expectedHash);

  // One folder: its prefix, and its size on request.
  await row(app, 'docs').click();
  await expect(app.getByTestId('details-prefix')).toHaveText('docs/');
  await app.getByTestId('calculate-size').click();
  await expect(app.getByTestId('details-summary')).toContainText('3 objects, 1.22 KB'); // 9 + 1,234 + 4 bytes
  await expect(app.getByTestId('details-summary')).toContainText('1,247 bytes');

  // The details panel hides and shows.
  await app.getByTestId('toggle-details').click();
  await expect(app.getByTestId('details-panel')).toBeHidden();
  await app.getByTestId('toggle-details').click();
  await expect(app.getByTestId('details-panel')).toBeVisible();
});

test('opens the context menu with the mouse, the ContextMenu key and Shift+F10', async ({ app }) => {
  await app.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await openPackage(app, node, 'photos', 'trip');
  await row(app, 'a.txt').click();
  await app.keyboard.press('Shift+F10');
  const menu = app.getByRole('menu');
  await expect(menu).toBeVisible();
  for (const item of ['open', 'rename', 'copy-to', 'move-to', 'copy-path', 'details', 'delete']) await expect(app.getByTestId(`menu-${item}`)).toBeVisible();
  await app.keyboard.press('Escape');
  await expect(menu).toBeHidden();
  await expect(list(app)).toBeFocused();

  await app.keyboard.press('ArrowDown');
  await app.keyboard.press('ContextMenu');
  await app.getByTestId('menu-copy-path').click();
  expect(await clipboardText(app)).toBe('b-large.bin');

  // Several selected: Rename and Open need exactly one.
  await app.keyboard.press('ControlOrMeta+a');
  await row(app, 'docs').click({ button: 'right' });
  await expect(app.getByTestId('menu-rename')).toBeDisabled();
  await expect(app.getByTestId('menu-open')).toBeDisabled();
  await app.keyboard.press('Escape');

  // Empty space: the folder's own menu.
  await list(app).click({ button: 'right', position: { x: 300, y: 500 } });
  await expect(app.getByTestId('menu-refresh')).toBeVisible();
  await app.getByTestId('menu-new-folder').click();
  await expect(app.getByTestId('new-folder-dialog')).toBeVisible();
  await expect(app.getByTestId('new-folder-dialog').getByRole('textbox')).toHaveValue('untitled folder');
  await app.keyboard.press('Escape');
  await expect(app.getByTestId('new-folder-dialog')).toBeHidden();
  await expect(selectedNames(app)).resolves.toEqual([]);
});

test('a new folder exists in the view until something is stored in it', async ({ app }) => {
  await openPackage(app, node, 'photos', 'trip');
  await app.getByTestId('new-folder').click();
  const dialog = app.getByTestId('new-folder-dialog');
  await dialog.getByRole('textbox').fill('docs');
  await expect(dialog).toContainText('already here');
  await dialog.getByRole('textbox').fill('a/b');
  await expect(dialog).toContainText('cannot contain “/”');
  await dialog.getByRole('textbox').fill('Drafts');
  await dialog.getByRole('button', { name: 'Create' }).click();
  await expect(row(app, 'Drafts')).toBeVisible();
  await expect(row(app, 'Drafts')).toContainText('not saved yet');
  await expect(row(app, 'Drafts')).toHaveAttribute('aria-selected', 'true');

  await row(app, 'Drafts').dblclick();
  await expect(app.getByTestId('list-empty')).toContainText('This folder is empty');
  await expect(app.getByTestId('list-empty')).toContainText('only in this view');
  expect(await crumbs(app)).toEqual(['photos', 'trip', 'Drafts']);
  await app.getByTestId('nav-up').click();
  await expect(row(app, 'Drafts')).toBeVisible();

  // Once something is uploaded into it, it is a real folder.
  const { packageId } = await (async () => {
    const buckets = await node.client.listBuckets();
    const bucket = buckets.find((b) => b.name === 'photos')!;
    const pkg = (await node.client.listBucketPackages(bucket.bucketID)).find((p) => p.name === 'trip')!;
    return { packageId: pkg.packageID };
  })();
  await node.client.uploadObjects(packageId, [{ path: 'Drafts/first.txt', body: Buffer.from('first') }]);
  await app.getByTestId('refresh').click();
  await expect(row(app, 'Drafts')).not.toContainText('not saved yet');
  await node.client.deleteObjects((await node.client.listByPath({ packageID: packageId, path: 'Drafts/first.txt', isPrefix: false })).objects.map((o) => o.objectID));
});

test('pages a big folder: 5,000 objects, only the visible rows in the DOM', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'photos', 'big');
  // Sizes: file i has 10 + i % 1000 bytes, except one that is far bigger than all.
  await uploadFiles(
    node.client,
    packageId,
    numberedFiles('many/', 5000, (i) => (i === 1234 ? 50_000 : 10 + (i % 1000))),
  );
  await openPackage(app, node, 'photos', 'big');
  await row(app, 'many').dblclick();
  await expect(row(app, 'file-00000.txt')).toBeVisible();
  // The first page is here, not more; the rest is known to exist.
  await expect(list(app)).toHaveAttribute('data-entry-count', '1000');
  await expect(list(app)).toHaveAttribute('aria-rowcount', '-1');
  await expect(app.getByTestId('entry-count')).toHaveText('1,000 items so far');

  // Scrolling to the end loads the next pages, one after another.
  await list(app).focus();
  for (let i = 0; i < 10; i++) {
    await app.keyboard.press('End');
    if ((await list(app).getAttribute('data-complete')) === 'true') break;
    await expect(list(app)).not.toHaveAttribute('data-entry-count', String(1000 * (i + 1)));
  }
  await expect(list(app)).toHaveAttribute('data-complete', 'true');
  await app.keyboard.press('End');
  await expect(row(app, 'file-04999.txt')).toBeVisible();
  await expect(app.getByTestId('entry-count')).toHaveText('5,000 items');
  await expect(list(app)).toHaveAttribute('aria-rowcount', '5001');
  const domRows = await list(app).locator('[data-testid="browser-row"]').count();
  expect(domRows).toBeGreaterThan(5);
  expect(domRows).toBeLessThan(100);

  // Sorting by size needs every entry: a fresh visit loads them in the background, then sorts.
  await app.getByTestId('nav-up').click();
  await app.getByTestId('sort-size').click();
  await app.getByTestId('sort-size').click(); // descending
  await app.getByTestId('refresh').click();
  await row(app, 'many').dblclick();
  await expect(list(app)).toHaveAttribute('data-complete', 'true');
  await expect(app.getByTestId('entry-count')).toHaveText('5,000 items');
  await expect(app.getByTestId('loading-hint')).toBeHidden();
  expect((await visibleNames(app))[0]).toBe('file-01234.txt');
  await app.getByTestId('sort-name').click();
});

test('shows a failed listing with its code and message, and retries', async ({ app }) => {
  const { packageId } = await makePackage(node.client, 'photos', 'flaky');
  await uploadFiles(node.client, packageId, [{ path: 'inside/one.txt', body: Buffer.from('1') }]);
  await openPackage(app, node, 'photos', 'flaky');
  await expect(row(app, 'inside')).toBeVisible();
  await node.pause();
  try {
    await row(app, 'inside').dblclick();
    const error = app.getByTestId('list-error');
    await expect(error).toBeVisible({ timeout: 20_000 });
    await expect(error.getByRole('alert')).toContainText(/\(\w+\): /); // "Title (Code): message"
  } finally {
    await node.resume();
  }
  await app.getByTestId('list-error').getByRole('button', { name: 'Retry' }).click();
  await expect(row(app, 'one.txt')).toBeVisible();
});
