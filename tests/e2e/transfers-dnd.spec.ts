/**
 * Transfers from the object browser, end to end in headless mode against a
 * second real storage node: files and a folder tree dropped on the object
 * list (a DataTransfer made in the page with real File objects), one of them
 * big enough to go multipart in 8 MiB chunks; progress in the transfers
 * panel; the objects in the right folders, in the list and on the server,
 * each stored with the SHA-256 of the bytes dropped; the toolbar's and the
 * context menu's Upload and Download (a file back byte for byte, folders and
 * the package as zips); a drop into a view-only "new folder"; a drop on a
 * folder row (into that folder, never into the engine's own); drags that
 * carry no files; the engine's own folders set back with a tooltip.
 *
 * A DataTransfer built in a page cannot carry directory entries
 * (webkitGetAsEntry answers null), so a folder drop is emulated the way the
 * folder picker presents one: each file carries its `webkitRelativePath`
 * ('album/sub/two.bin'), which the upload controller reads for files that
 * come without an entry.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Download, JSHandle, Page } from '@playwright/test';
import { makeTempDir } from '../helpers/temp-dir';
import { list, makePackage, openPackage, row, startDataNode, uploadFiles, visibleNames, type DataNode } from './browser-support';
import { droppedBytes, stageDrop, type PageDataTransfer, type PageFile } from './drop-support';
import { expect, test } from './fixtures';

// Page-side code runs in Chromium; the Node-side type check has no DOM library,
// so the few browser globals used are declared here, for this module only.
interface PageElement {
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
}
interface RowState {
  name: string | null;
  state: string | null;
  bytesDone: number;
  percent: number;
}
declare const DataTransfer: new () => PageDataTransfer;
declare const window: { dropped?: Record<string, PageFile>; transferStates?: RowState[] };
declare const document: { body: unknown; querySelectorAll(selector: string): Iterable<PageElement> };
declare const MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean; attributeFilter: string[] }): void };

interface StoredObject {
  path: string;
  size: number;
  /** SHA-256 (lowercase hex) the service computed, when it gives one. */
  sha256: string | undefined;
}

const MiB = 1024 * 1024;
const CHUNK = 8 * MiB;

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Transfers node');
});

test.afterAll(async () => {
  await node?.stop();
});

test.beforeEach(async ({ server }) => {
  // An empty queue and the default limits (8 MiB multipart threshold, no bandwidth limit).
  await server.call('transfers.control', { action: 'cancel', ids: null });
  await server.call('transfers.clearFinished');
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
});



function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Drags the staged files over the object list (its drop target shows), then drops them. */
async function dropOnList(page: Page, transfer: JSHandle<PageDataTransfer>, expectedLabel: string): Promise<void> {
  const zone = page.getByTestId('browser-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toHaveText(`Drop to upload to ${expectedLabel}`);
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeHidden();
}

function panel(page: Page) {
  return page.getByTestId('transfers-panel');
}

function jobRow(page: Page, name: string) {
  return panel(page).locator(`[data-testid="transfer-row"][data-name="${name}"]`);
}

/** Records, in the page, every state the transfer rows go through (a job may be running for a moment only). */
async function recordTransferRows(page: Page): Promise<{ read: () => Promise<RowState[]> }> {
  await page.evaluate(() => {
    const seen: RowState[] = [];
    window.transferStates = seen;
    const record = () => {
      for (const el of document.querySelectorAll('[data-testid="transfer-row"]')) {
        seen.push({
          name: el.getAttribute('data-name'),
          state: el.getAttribute('data-state'),
          bytesDone: Number(el.getAttribute('data-bytes-done')),
          percent: Number(el.querySelector('[role="progressbar"]')?.getAttribute('aria-valuenow') ?? -1),
        });
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-state', 'data-bytes-done', 'aria-valuenow'] });
  });
  return { read: () => page.evaluate(() => window.transferStates ?? []) };
}

type Server = { call<T>(name: string, input?: unknown): Promise<T> };

/** The root id of package `pkg` in bucket `bucket` of the data node, as its connection lists it. */
async function rootOf(server: Server, bucket: string, pkg: string): Promise<string> {
  const tops = await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: null });
  const top = tops.find((r) => r.name === bucket);
  const inner = top && (await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: top.id })).find((r) => r.name === pkg);
  if (!inner) throw new Error(`no package ${bucket}/${pkg}`);
  return inner.id;
}

async function listed(server: Server, root: string, prefix: string): Promise<{ objects: StoredObject[]; folders: string[] }> {
  const page = await server.call<{ entries: Array<{ path: string; size: number; hash?: { value: string } }>; folders: string[] }>('objects.list', { connectionId: node.connectionId, root, prefix });
  return { objects: page.entries.map((e) => ({ path: e.path, size: e.size, sha256: e.hash?.value })), folders: page.folders };
}

async function downloaded(download: Download): Promise<Buffer> {
  const path = await download.path();
  return readFile(path);
}

test('drops files and a folder tree on the list: uploads into the folder being viewed, multipart over 8 MiB, hashes match, a file comes back byte for byte', async ({ app, server }) => {
  test.setTimeout(120_000);
  const { packageId } = await makePackage(node.client, 'dnd', 'drop');
  const root = await rootOf(server, 'dnd', 'drop');
  await uploadFiles(node.client, packageId, [{ path: 'inbox/readme.txt', body: Buffer.from('already here') }]);
  // Slow enough to watch: the 8 MiB chunk takes about 4 s to reach the node.
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 2048, multipartThresholdMiB: 8 } });

  await openPackage(app, node, 'dnd', 'drop');
  await row(app, 'inbox').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['readme.txt']);

  // The page's uploader announces the files, then sends each file's chunks.
  const announced = app.waitForResponse((r) => r.url().endsWith('/api/call/transfers.uploadBrowserFiles'));
  const chunks: Array<{ job: string; index: number }> = [];
  app.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/transfers/chunk') chunks.push({ job: url.searchParams.get('job')!, index: Number(url.searchParams.get('index')) });
  });
  const rows = await recordTransferRows(app);

  const files = [
    { path: 'big.bin', size: 9 * MiB },
    { path: 'hello.txt', size: 11 },
    { path: 'notes.md', size: 2048 },
    { path: 'album/one.txt', size: 300 },
    { path: 'album/sub/two.bin', size: 100 * 1024 },
    { path: 'album/sub/deeper/three.txt', size: 5 },
  ];
  await expect(panel(app)).toBeHidden();
  await dropOnList(app, await stageDrop(app, files), '“inbox”');

  // The drop opened the transfers panel; the big file shows its progress on the way.
  await expect(panel(app)).toBeVisible();
  const big = jobRow(app, 'big.bin');
  await expect(big).toHaveAttribute('data-state', 'running');
  await expect(big).toContainText('to inbox/big.bin');
  await expect(jobRow(app, 'two.bin')).toContainText('to inbox/album/sub/two.bin');
  for (const path of files.map((f) => f.path)) await expect(jobRow(app, path.slice(path.lastIndexOf('/') + 1))).toHaveAttribute('data-state', 'completed', { timeout: 30_000 });
  await expect(big.getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  const bigStates = (await rows.read()).filter((r) => r.name === 'big.bin');
  expect(bigStates.some((r) => r.state === 'running' && r.bytesDone > 0 && r.percent > 0 && r.percent < 100)).toBe(true);
  await expect(app.getByTestId('toast').filter({ hasText: 'Uploaded 6 files' })).toBeVisible();

  // Over 8 MiB: two chunks of the multipart upload, 8 MiB and then the last 1 MiB (the server refuses a chunk
  // of any other size); small files are one chunk each.
  const announcement = (await (await announced).json()) as { value: { files: Array<{ jobId: string; chunkSize: number }> } };
  const bigJob = await big.getAttribute('data-job-id');
  expect(announcement.value.files.find((f) => f.jobId === bigJob)?.chunkSize).toBe(CHUNK);
  expect([...new Set(chunks.filter((c) => c.job === bigJob).map((c) => c.index))]).toEqual([0, 1]);
  const helloJob = await jobRow(app, 'hello.txt').getAttribute('data-job-id');
  expect(chunks.filter((c) => c.job === helloJob).map((c) => c.index)).toEqual([0]);

  // The list of the folder being viewed, and further down the dropped folder's tree.
  await expect.poll(() => visibleNames(app)).toEqual(['album', 'big.bin', 'hello.txt', 'notes.md', 'readme.txt']);
  await row(app, 'album').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['sub', 'one.txt']);
  await row(app, 'sub').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['deeper', 'two.bin']);
  await row(app, 'deeper').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['three.txt']);

  // The server has each object where it belongs, stored with the SHA-256 of the bytes dropped.
  const inbox = await listed(server, root, 'inbox/');
  expect(inbox.folders).toEqual(['inbox/album/']);
  expect(inbox.objects.map((o) => o.path)).toEqual(['inbox/big.bin', 'inbox/hello.txt', 'inbox/notes.md', 'inbox/readme.txt']);
  expect((await listed(server, root, 'inbox/album/')).objects.map((o) => o.path)).toEqual(['inbox/album/one.txt']);
  expect((await listed(server, root, 'inbox/album/sub/')).objects.map((o) => o.path)).toEqual(['inbox/album/sub/two.bin']);
  expect((await listed(server, root, 'inbox/album/sub/deeper/')).objects.map((o) => o.path)).toEqual(['inbox/album/sub/deeper/three.txt']);
  expect((await listed(server, root, '')).folders).toEqual(['inbox/']); // the staging folder is gone once the multipart upload is in place
  const bytes = new Map<string, Buffer>();
  for (const { path, size } of files) {
    const dropped = await droppedBytes(app, path);
    expect(dropped.length).toBe(size);
    bytes.set(path, dropped);
    const prefix = `inbox/${path.slice(0, path.lastIndexOf('/') + 1)}`;
    const stored = (await listed(server, root, prefix)).objects.find((o) => o.path === `inbox/${path}`);
    expect(stored, path).toMatchObject({ size, sha256: sha256Of(dropped) });
  }

  // Back to "inbox", the big file downloads through the UI (headless: the browser's own download) with the same bytes.
  await app.getByTestId('crumb').filter({ hasText: 'inbox' }).click();
  await expect.poll(() => visibleNames(app)).toEqual(['album', 'big.bin', 'hello.txt', 'notes.md', 'readme.txt']);
  await row(app, 'big.bin').click();
  await expect(app.getByTestId('download')).toHaveAttribute('title', 'Download the selected item');
  const download = app.waitForEvent('download');
  await app.getByTestId('download').click();
  const file = await download;
  expect(file.suggestedFilename()).toBe('big.bin');
  const back = await downloaded(file);
  expect(back.length).toBe(9 * MiB);
  expect(back.equals(bytes.get('big.bin')!)).toBe(true);
});

test('a drop into a view-only "new folder" uploads into it and makes it real', async ({ app, server }) => {
  const { packageId } = await makePackage(node.client, 'dnd', 'new-folder');
  const root = await rootOf(server, 'dnd', 'new-folder');
  await uploadFiles(node.client, packageId, [{ path: 'existing.txt', body: Buffer.from('x') }]);
  await openPackage(app, node, 'dnd', 'new-folder');

  await app.getByTestId('new-folder').click();
  const dialog = app.getByTestId('new-folder-dialog');
  await dialog.getByRole('textbox').fill('fresh');
  await dialog.getByRole('textbox').press('Enter');
  await expect(row(app, 'fresh')).toHaveClass(/pending/);
  await row(app, 'fresh').dblclick();
  await expect(app.getByTestId('list-empty')).toContainText('exists only in this view');
  await expect(app.getByTestId('list-empty')).toContainText('Drop files or folders here');
  // Nothing stored here yet: nothing to download.
  await expect(app.getByTestId('download')).toBeDisabled();

  const files = [
    { path: 'a.txt', size: 7 },
    { path: 'deep/b.bin', size: 4096 },
  ];
  await dropOnList(app, await stageDrop(app, files), '“fresh”');
  for (const name of ['a.txt', 'b.bin']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'completed');
  await expect.poll(() => visibleNames(app)).toEqual(['deep', 'a.txt']);

  expect((await listed(server, root, 'fresh/')).objects.map((o) => [o.path, o.size])).toEqual([['fresh/a.txt', 7]]);
  const deep = await listed(server, root, 'fresh/deep/');
  expect(deep.objects.map((o) => [o.path, o.sha256])).toEqual([['fresh/deep/b.bin', sha256Of(await droppedBytes(app, 'deep/b.bin'))]]);

  // Up again, the folder is an ordinary one now.
  await app.getByTestId('nav-up').click();
  await expect(row(app, 'fresh')).toBeVisible();
  await expect(row(app, 'fresh')).not.toHaveClass(/pending/);
});

test('a drop on a folder row uploads into that folder; the engine’s own folders are not targets', async ({ app, server }) => {
  const { packageId } = await makePackage(node.client, 'dnd', 'onto-row');
  const root = await rootOf(server, 'dnd', 'onto-row');
  await uploadFiles(node.client, packageId, [
    { path: 'photos/old.txt', body: Buffer.from('old') },
    { path: 'docs/readme.txt', body: Buffer.from('read me') },
    { path: '.jcs-uploads/staged.part', body: Buffer.from('staged') },
  ]);
  await openPackage(app, node, 'dnd', 'onto-row');
  await expect.poll(() => visibleNames(app)).toEqual(['.jcs-uploads', 'docs', 'photos']);

  const zone = app.getByTestId('browser-drop-zone');
  const overlay = zone.getByTestId('drop-zone-overlay');
  const marked = app.locator('[data-testid="browser-row"][data-drop-target]');
  const transfer = await stageDrop(app, [
    { path: 'new.txt', size: 12 },
    { path: 'trip/day1.bin', size: 2048 },
  ]);

  // Over the list: the folder being viewed. Over a folder row: that folder, marked.
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(overlay).toHaveText('Drop to upload to the package root');
  await row(app, 'docs').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(overlay).toHaveText('Drop to upload to “docs”');
  await expect(marked).toHaveAttribute('data-name', 'docs');
  await row(app, 'photos').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(overlay).toHaveText('Drop to upload to “photos”');
  await expect(marked).toHaveCount(1);
  await expect(marked).toHaveAttribute('data-name', 'photos');
  // The transfer engine's staging folder is not a place for the user's files.
  await row(app, '.jcs-uploads').dispatchEvent('dragover', { dataTransfer: transfer });
  await expect(overlay).toHaveText('Drop to upload to the package root');
  await expect(marked).toHaveCount(0);

  await row(app, 'photos').dispatchEvent('dragover', { dataTransfer: transfer });
  await row(app, 'photos').dispatchEvent('drop', { dataTransfer: transfer });
  await expect(overlay).toBeHidden();
  await expect(marked).toHaveCount(0);
  for (const name of ['new.txt', 'day1.bin']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'completed');

  expect((await listed(server, root, 'photos/')).objects.map((o) => o.path)).toEqual(['photos/new.txt', 'photos/old.txt']);
  const trip = await listed(server, root, 'photos/trip/');
  expect(trip.objects.map((o) => [o.path, o.sha256])).toEqual([['photos/trip/day1.bin', sha256Of(await droppedBytes(app, 'trip/day1.bin'))]]);
  // Nothing landed where the list was showing.
  expect((await listed(server, root, '')).objects).toEqual([]);
  await expect.poll(() => visibleNames(app)).toEqual(['.jcs-uploads', 'docs', 'photos']);
});

test('drags that carry no files do not upload, and rows do not drag out of a browser', async ({ app, server }) => {
  const { packageId } = await makePackage(node.client, 'dnd', 'internal');
  const root = await rootOf(server, 'dnd', 'internal');
  await uploadFiles(node.client, packageId, [{ path: 'a.txt', body: Buffer.from('a') }]);
  await openPackage(app, node, 'dnd', 'internal');
  await expect(row(app, 'a.txt')).toHaveAttribute('draggable', 'false');

  const zone = app.getByTestId('browser-drop-zone');
  const text = await app.evaluateHandle(() => {
    const transfer = new DataTransfer();
    transfer.items.add('a.txt', 'text/plain');
    return transfer;
  });
  await zone.dispatchEvent('dragenter', { dataTransfer: text });
  await zone.dispatchEvent('dragover', { dataTransfer: text });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeHidden();
  await zone.dispatchEvent('drop', { dataTransfer: text });
  await expect(panel(app)).toBeHidden();
  expect((await listed(server, root, '')).objects.map((o) => o.path)).toEqual(['a.txt']);
  expect((await server.call<{ queued: number; completed: number }>('transfers.totals')).queued).toBe(0);
});

test('uploads from the toolbar and the context menu; downloads the selection, a folder and the whole package', async ({ app, server }) => {
  const { packageId } = await makePackage(node.client, 'dnd', 'buttons');
  const root = await rootOf(server, 'dnd', 'buttons');
  await uploadFiles(node.client, packageId, [
    { path: 'docs/guide.txt', body: Buffer.from('the guide') },
    { path: 'docs/sub/deep.txt', body: Buffer.from('deep down') },
    { path: 'top.txt', body: Buffer.from('top') },
  ]);
  const dir = await makeTempDir('jcs-e2e-dnd-');
  await mkdir(join(dir.path, 'pics', 'raw'), { recursive: true });
  await writeFile(join(dir.path, 'pics', 'raw', 'img.raw'), 'raw bytes');
  try {
    await openPackage(app, node, 'dnd', 'buttons');
    await row(app, 'docs').dblclick();

    // Toolbar: Upload → Upload files…
    await app.getByTestId('upload').click();
    await expect(app.getByRole('menu')).toBeVisible();
    const chooser = app.waitForEvent('filechooser');
    await app.getByTestId('menu-upload-files').click();
    await (await chooser).setFiles({ name: 'picked.txt', mimeType: 'text/plain', buffer: Buffer.from('picked from the toolbar') });
    await expect(jobRow(app, 'picked.txt')).toHaveAttribute('data-state', 'completed');
    await expect(row(app, 'picked.txt')).toBeVisible();
    const picked = (await listed(server, root, 'docs/')).objects.find((o) => o.path === 'docs/picked.txt');
    expect(picked?.sha256).toBe(sha256Of(Buffer.from('picked from the toolbar')));

    // Context menu on empty space: Upload folder… keeps the folder's structure.
    await list(app).click({ button: 'right', position: { x: 300, y: 250 } });
    for (const item of ['upload-files', 'upload-folder', 'new-folder', 'refresh']) await expect(app.getByTestId(`menu-${item}`)).toBeVisible();
    const folderChooser = app.waitForEvent('filechooser');
    await app.getByTestId('menu-upload-folder').click();
    await (await folderChooser).setFiles(join(dir.path, 'pics'));
    await expect(jobRow(app, 'img.raw')).toHaveAttribute('data-state', 'completed');
    expect((await listed(server, root, 'docs/pics/raw/')).objects.map((o) => [o.path, o.size])).toEqual([['docs/pics/raw/img.raw', 9]]);
    await expect(row(app, 'pics')).toBeVisible();

    // Context menu on a folder: Download… gives the folder as a zip holding its tree.
    await row(app, 'sub').click({ button: 'right' });
    let download = app.waitForEvent('download');
    await app.getByTestId('menu-download').click();
    let file = await download;
    expect(file.suggestedFilename()).toBe('sub.zip');
    const zip = await downloaded(file);
    expect(zip.subarray(0, 2).toString()).toBe('PK');
    expect(zip.includes('sub/deep.txt')).toBe(true);
    expect(zip.includes('deep down')).toBe(true); // stored, not compressed

    // Nothing selected: the folder being viewed.
    await app.keyboard.press('Escape');
    await list(app).click({ position: { x: 300, y: 250 } });
    await expect(app.getByTestId('download')).toHaveAttribute('title', 'Download this folder');
    download = app.waitForEvent('download');
    await app.getByTestId('download').click();
    file = await download;
    expect(file.suggestedFilename()).toBe('docs.zip');
    expect((await downloaded(file)).includes('docs/pics/raw/img.raw')).toBe(true);

    // At the package root with nothing selected: the whole package, named after it.
    await app.getByTestId('nav-up').click();
    await expect(row(app, 'top.txt')).toBeVisible();
    await expect(app.getByTestId('download')).toHaveAttribute('title', 'Download the whole package');
    download = app.waitForEvent('download');
    await app.getByTestId('download').click();
    file = await download;
    expect(file.suggestedFilename()).toBe('buttons.zip');
    const whole = await downloaded(file);
    for (const path of ['buttons/top.txt', 'buttons/docs/guide.txt', 'buttons/docs/picked.txt', 'buttons/docs/sub/deep.txt', 'buttons/docs/pics/raw/img.raw']) expect(whole.includes(path), path).toBe(true);
  } finally {
    await dir.remove();
  }
});

test('lists the engine’s staging and trash folders, set back, with a tooltip saying what they are', async ({ app, server }) => {
  const { packageId } = await makePackage(node.client, 'dnd', 'engine');
  await uploadFiles(node.client, packageId, [
    { path: '.jcs-uploads/job-1/part.bin', body: Buffer.from('staged') },
    { path: '.jcs-trash/2024-01-01 120000/old.txt', body: Buffer.from('old') },
    { path: 'synced/.jcs-trash/2024-01-01 120000/gone.txt', body: Buffer.from('gone') },
    { path: 'synced/kept.txt', body: Buffer.from('kept') },
    { path: 'plain.txt', body: Buffer.from('plain') },
  ]);
  await openPackage(app, node, 'dnd', 'engine');
  await expect.poll(() => visibleNames(app)).toEqual(['.jcs-trash', '.jcs-uploads', 'synced', 'plain.txt']);
  await expect(row(app, '.jcs-uploads')).toHaveAttribute('data-engine-folder', 'staging');
  await expect(row(app, '.jcs-uploads')).toHaveAttribute('title', /^Uploads in progress/);
  await expect(row(app, '.jcs-uploads')).toHaveClass(/engine/);
  await expect(row(app, '.jcs-trash')).toHaveAttribute('data-engine-folder', 'trash');
  await expect(row(app, '.jcs-trash')).toHaveAttribute('title', /^Sync trash/);
  await expect(row(app, 'synced')).not.toHaveAttribute('data-engine-folder');
  await expect(row(app, 'synced')).not.toHaveAttribute('title');
  await row(app, 'synced').dblclick();
  await expect.poll(() => visibleNames(app)).toEqual(['.jcs-trash', 'kept.txt']);
  await expect(row(app, '.jcs-trash')).toHaveAttribute('data-engine-folder', 'trash');

  // In Chinese too.
  try {
    await server.call('settings.update', { language: 'zh-CN' });
    await expect(row(app, '.jcs-trash')).toHaveAttribute('title', /^同步回收站/);
    await expect(app.getByTestId('upload')).toHaveText('上传');
    await expect(app.getByTestId('download')).toHaveText('下载');
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});
