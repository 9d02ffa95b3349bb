/**
 * A Workspace Files service (seed 004) end to end in headless mode: its
 * fixture server started here, the connection added through the dialog
 * (kind selector, address, token, Test, Save), browsed, files and a folder
 * dropped on the object list (uploaded to the service, stored bytes checked
 * against the dropped ones), then the folder downloaded through the context
 * menu as one zip and unpacked (a job each in the transfers panel, into a
 * folder chosen in the host folder picker), every file compared by SHA-256.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { startWorkspaceFilesServer, type WorkspaceFilesServer } from '../fixtures/workspace-files/workspace-files-server';
import { makeTempDir } from '../helpers/temp-dir';
import { zipEntries } from '../providers/workspace-files/zip-entries';
import { list, row, visibleNames } from './browser-support';
import { droppedBytes, stageDrop } from './drop-support';
import { expect, test } from './fixtures';

// Page-side code runs in Chromium; the Node-side type check has no DOM library.

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

let ws: WorkspaceFilesServer;
test.beforeAll(async () => {
  ws = await startWorkspaceFilesServer();
});
test.afterAll(async () => {
  expect(ws.violations).toEqual([]);
  await ws.close();
});



/** Opens the row's context menu, picks `item`, and chooses `folder` in the host folder picker. */
async function downloadFolderVia(page: Page, name: string, item: 'download-zip' | 'download-unpack', folder: string): Promise<void> {
  await row(page, name).click({ button: 'right' });
  await page.getByRole('menu').getByTestId(`menu-${item}`).click();
  const picker = page.getByTestId('host-folder-picker');
  await expect(picker).toBeVisible();
  await picker.getByTestId('host-picker-path').fill(folder);
  await picker.getByTestId('host-picker-path').press('Enter');
  await expect(picker.getByTestId('host-picker-crumb').last()).toHaveText(folder.split('/').pop()!);
  await picker.getByTestId('host-picker-choose').click();
  await expect(picker).toHaveCount(0);
}

test('adds a Workspace Files connection in the dialog, browses, uploads by drop, downloads a folder as zip and unpacked: hashes equal', async ({ app }) => {
  test.setTimeout(120_000);
  const name = `Workspace ${Date.now().toString(36)}`;
  await app.getByTestId('add-connection').click();
  const dialog = app.getByTestId('connection-dialog');
  await dialog.getByTestId('connection-kind').selectOption('workspace-files');
  await dialog.getByTestId('connection-name').fill(name);
  await dialog.getByTestId('connection-base-url').fill(ws.url);
  await dialog.getByTestId('connection-token').fill('wrong-token');
  await dialog.getByTestId('connection-test').click();
  await expect(dialog).toContainText('the token was refused (wrong or expired)');
  await dialog.getByTestId('connection-token').fill(ws.token);
  await dialog.getByTestId('connection-test').click();
  await expect(dialog).toContainText('Connected');
  await dialog.getByTestId('connection-save').click();
  await expect(dialog).toHaveCount(0);

  // Browse: the service's one space, then its (empty) top folder.
  await app.getByTestId('tree-connection').filter({ hasText: name }).getByTestId('tree-row').first().click();
  await app.getByTestId('workspaces-table').locator('[data-testid="entity-row"][data-name="user_upload"]').dblclick();
  await expect(list(app)).toBeVisible();

  // Upload by drop: a loose file and a folder tree.
  const files = [
    { path: 'top.txt', size: 1234 },
    { path: 'album/one.bin', size: 300_000 },
    { path: 'album/sub/two.bin', size: 70_000 },
  ];
  const transfer = await stageDrop(app, files);
  const zone = app.getByTestId('browser-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect.poll(() => visibleNames(app), { timeout: 30_000 }).toEqual(['album', 'top.txt']);
  const expected: Record<string, string> = {};
  for (const file of files) {
    expected[file.path] = sha256(await droppedBytes(app, file.path));
    await expect.poll(async () => (existsSync(join(ws.dir, file.path)) ? sha256(await readFile(join(ws.dir, file.path))) : null), { timeout: 30_000 }).toBe(expected[file.path]);
  }
  const inAlbum = Object.fromEntries(Object.entries(expected).filter(([p]) => p.startsWith('album/')).map(([p, h]) => [p.slice('album/'.length), h]));

  const target = await makeTempDir('jcs-e2e-workspace-download');
  try {
    // As the zip: one job in the transfers panel, the zip at <folder>.zip.
    await downloadFolderVia(app, 'album', 'download-zip', target.path);
    const zipRow = app.getByTestId('transfers-panel').locator('[data-testid="transfer-row"][data-name="album.zip"]');
    await expect(zipRow).toHaveAttribute('data-state', 'completed', { timeout: 30_000 });
    const entries = await zipEntries(await readFile(join(target.path, 'album.zip')));
    const zipped = Object.fromEntries([...entries].filter(([n]) => !n.endsWith('/')).map(([n, b]) => [n, sha256(b)]));
    expect(zipped).toEqual(Object.fromEntries(Object.entries(inAlbum).map(([p, h]) => [`user_upload/album/${p}`, h])));

    // Unpacked: the folder's files at <folder>/, their hashes the dropped ones.
    await downloadFolderVia(app, 'album', 'download-unpack', target.path);
    const unpackRow = app.getByTestId('transfers-panel').locator('[data-testid="transfer-row"][data-name="album/"]');
    await expect(unpackRow).toHaveAttribute('data-state', 'completed', { timeout: 30_000 });
    for (const [path, hash] of Object.entries(inAlbum)) expect(sha256(await readFile(join(target.path, 'album', path))), path).toBe(hash);
    await expect(unpackRow.getByTestId('transfer-refused')).toHaveCount(0);
  } finally {
    await target.remove();
  }
});
