/**
 * The transfers panel end to end, in headless mode on the embedded node: jobs
 * and their live state, per-job and queue-wide commands, the badge, uploads
 * from the page (a drop on the panel's drop zone, the file and folder
 * pickers) whose bytes the page sends chunk by chunk, pausing a live upload,
 * and the conflict dialog. Jobs made with `server.call` have no page behind
 * them, so they stay queued until the test sends their chunks from the page.
 * Tests share one server per worker: each starts from an empty queue and
 * uses its own package.
 */
import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { JSHandle, Locator, Page } from '@playwright/test';
import { makeTempDir } from '../helpers/temp-dir';
import { expect, test, type HeadlessServer } from './fixtures';

interface StoredObject {
  path: string;
  size: number;
  /** SHA-256 (lowercase hex) the service computed, when it gives one. */
  sha256: string | undefined;
}

/** The page's DataTransfer, as far as these tests use it (the Node-side types have no DOM). */
interface PageDataTransfer {
  items: { add(file: unknown): unknown };
}
declare const DataTransfer: new () => PageDataTransfer;

const MiB = 1024 * 1024;
const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

/** A bucket with a package in it on the embedded node; `root` is the package's root id. */
async function makePackage(server: HeadlessServer): Promise<{ bucket: string; pkg: string; root: string }> {
  const bucket = unique('transfers');
  const pkg = unique('pkg');
  const top = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: bucket });
  const { id } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: top.id, name: pkg });
  return { bucket, pkg, root: id };
}

async function objects(server: HeadlessServer, root: string, prefix = ''): Promise<StoredObject[]> {
  const page = await server.call<{ entries: Array<{ path: string; size: number; hash?: { value: string } }> }>('objects.list', { connectionId: 'local', root, prefix });
  return page.entries.map((e) => ({ path: e.path, size: e.size, sha256: e.hash?.value }));
}

/** Jobs no page drives: they wait in the queue until the test sends their chunks. */
async function announce(server: HeadlessServer, root: string, files: Array<{ relativePath: string; size: number }>): Promise<string[]> {
  const result = await server.call<{ files: Array<{ jobId: string }> }>('transfers.uploadBrowserFiles', { connectionId: 'local', root, targetFolder: '', files, conflict: 'ask' });
  return result.files.map((f) => f.jobId);
}

/** Sends one chunk from the page, as the page's uploader does (the session cookie authorizes it). */
function sendChunk(page: Page, jobId: string, index: number, text: string): Promise<{ ok: boolean; value?: { next: number; done: boolean }; error?: { code: string } }> {
  return page.evaluate(
    async ({ jobId, index, text }) => {
      const response = await fetch(`/api/transfers/chunk?job=${encodeURIComponent(jobId)}&index=${index}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Blob([text]) });
      return (await response.json()) as { ok: boolean; value?: { next: number; done: boolean }; error?: { code: string } };
    },
    { jobId, index, text },
  );
}

function panel(page: Page): Locator {
  return page.getByTestId('transfers-panel');
}

function jobRow(page: Page, name: string): Locator {
  return panel(page).locator(`[data-testid="transfer-row"][data-name="${name}"]`);
}

async function openPanel(page: Page): Promise<void> {
  if (!(await panel(page).isVisible())) await page.getByTestId('transfers-toggle').click();
  await expect(panel(page)).toBeVisible();
}

async function openPackage(page: Page, bucket: string, pkg: string): Promise<void> {
  await page.getByRole('treeitem', { name: 'This computer', exact: true }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator(`[data-testid="entity-row"][data-name="${bucket}"]`).dblclick();
  await page.getByTestId('packages-table').locator(`[data-testid="entity-row"][data-name="${pkg}"]`).dblclick();
  await expect(page.getByTestId('object-list')).toBeVisible();
}

/** A DataTransfer made in the page with real File objects (name → size, bytes filled with `fill`). */
function dataTransfer(page: Page, files: Array<{ name: string; size: number; fill: number }>): Promise<JSHandle<PageDataTransfer>> {
  return page.evaluateHandle((list) => {
    const transfer = new DataTransfer();
    for (const f of list) transfer.items.add(new File([new Uint8Array(f.size).fill(f.fill)], f.name, { type: 'application/octet-stream' }));
    return transfer;
  }, files);
}

async function drop(page: Page, files: Array<{ name: string; size: number; fill: number }>): Promise<void> {
  const zone = panel(page).getByTestId('drop-zone');
  const transfer = await dataTransfer(page, files);
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeVisible();
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeHidden();
}

function sha256Of(size: number, fill: number): string {
  return createHash('sha256').update(Buffer.alloc(size, fill)).digest('hex');
}

test.beforeEach(async ({ server }) => {
  // An empty queue: nothing left running from another test, nothing finished in the list.
  await server.call('transfers.control', { action: 'cancel', ids: null });
  await server.call('transfers.clearFinished');
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
});

test('shows queued jobs with a badge, and pauses, resumes, cancels, retries, completes and clears them', async ({ app, server }) => {
  const { root } = await makePackage(server);
  await expect(app.getByTestId('transfers-badge')).toBeHidden();
  await openPanel(app);
  await expect(panel(app).getByTestId('transfers-empty')).toBeVisible();

  const [a, b, c] = await announce(server, root, [
    { relativePath: 'a.txt', size: 5 },
    { relativePath: 'b.txt', size: 3 },
    { relativePath: 'c.txt', size: 4 },
  ]);
  for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'queued');
  await expect(app.getByTestId('transfers-badge')).toHaveText('3');
  await expect(panel(app).getByTestId('transfers-count-queued')).toHaveAttribute('data-count', '3');
  await expect(jobRow(app, 'a.txt')).toContainText('to a.txt');
  await expect(jobRow(app, 'a.txt').getByTestId('transfer-figures')).toHaveText('0 B of 5 B');

  // One job: pause, resume, cancel, retry.
  await jobRow(app, 'a.txt').getByTestId('transfer-pause').click();
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'paused');
  await expect(jobRow(app, 'a.txt').getByTestId('transfer-state')).toHaveText('Paused');
  await expect(panel(app).getByTestId('transfers-count-paused')).toHaveAttribute('data-count', '1');
  expect((await sendChunk(app, a!, 0, 'hello')).error?.code).toBe('Paused');
  await jobRow(app, 'a.txt').getByTestId('transfer-resume').click();
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'queued');
  await jobRow(app, 'a.txt').getByTestId('transfer-cancel').click();
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'cancelled');
  await expect(app.getByTestId('transfers-badge')).toHaveText('2');
  // This page does not hold a's file (no page does): its own Retry cannot send it and says so.
  await expect(jobRow(app, 'a.txt').getByTestId('transfer-retry')).toBeDisabled();
  await expect(jobRow(app, 'a.txt').getByTestId('transfer-retry')).toHaveAttribute('title', /drop it again/);
  await server.call('transfers.control', { action: 'retry', ids: [a] });
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'queued');
  await expect(app.getByTestId('transfers-badge')).toHaveText('3');

  // Everything: pause all, resume all.
  await panel(app).getByTestId('transfers-pause-all').click();
  for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'paused');
  await expect(panel(app).getByTestId('transfers-resume-all')).toBeEnabled();
  await panel(app).getByTestId('transfers-resume-all').click();
  for (const name of ['a.txt', 'b.txt', 'c.txt']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'queued');

  // The page sends a's bytes: the job completes with a full bar.
  expect(await sendChunk(app, a!, 0, 'hello')).toEqual({ ok: true, value: { next: 1, done: true } });
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'completed');
  await expect(jobRow(app, 'a.txt').getByRole('progressbar')).toHaveAttribute('aria-valuenow', '100');
  await expect(app.getByTestId('transfers-badge')).toHaveText('2');

  // A chunk of the wrong size fails b with the reason; "Retry failed" queues it again and it completes.
  expect((await sendChunk(app, b!, 0, 'too long')).ok).toBe(false);
  await expect(jobRow(app, 'b.txt')).toHaveAttribute('data-state', 'failed');
  await expect(jobRow(app, 'b.txt').getByTestId('transfer-error')).toContainText('expected 3');
  await expect(app.getByTestId('transfers-failed-mark')).toBeVisible();
  await panel(app).getByTestId('transfers-retry-failed').click();
  await expect(jobRow(app, 'b.txt')).toHaveAttribute('data-state', 'queued');
  expect((await sendChunk(app, b!, 0, 'abc')).value?.done).toBe(true);
  await expect(jobRow(app, 'b.txt')).toHaveAttribute('data-state', 'completed');

  // Cancel all asks first.
  await panel(app).getByTestId('transfers-cancel-all').click();
  const confirm = app.getByTestId('cancel-all-dialog');
  await expect(confirm).toContainText('(1)');
  await confirm.getByRole('button', { name: 'Cancel all' }).click();
  await expect(jobRow(app, 'c.txt')).toHaveAttribute('data-state', 'cancelled');
  await expect(app.getByTestId('transfers-badge')).toBeHidden();
  await expect(app.getByTestId('toast').filter({ hasText: 'Uploaded 2 files' })).toBeVisible(); // the batch is over
  expect((await sendChunk(app, c!, 0, 'abcd')).ok).toBe(false);

  expect((await objects(server, root)).map((o) => [o.path, o.size])).toEqual([
    ['a.txt', 5],
    ['b.txt', 3],
  ]);

  await panel(app).getByTestId('transfers-clear-finished').click();
  await expect(panel(app).getByTestId('transfer-row')).toHaveCount(0);
  await expect(panel(app).getByTestId('transfers-empty')).toBeVisible();

  await panel(app).getByTestId('transfers-close').click();
  await expect(panel(app)).toBeHidden();
});

test('uploads files dropped on the panel: the page sends them chunk by chunk', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 1 } });
  await openPackage(app, bucket, pkg);
  await openPanel(app);
  await expect(panel(app).getByTestId('transfers-empty')).toContainText('Drop files here to upload them to the package root');

  const big = Math.round(2.5 * MiB); // three 1 MiB chunks (the multipart threshold)
  await drop(app, [
    { name: 'big.bin', size: big, fill: 7 },
    { name: 'hello.txt', size: 5, fill: 65 },
    { name: 'empty.txt', size: 0, fill: 0 },
  ]);
  for (const name of ['big.bin', 'hello.txt', 'empty.txt']) await expect(jobRow(app, name)).toHaveAttribute('data-state', 'completed');
  await expect(jobRow(app, 'big.bin').getByTestId('transfer-figures')).toHaveText('2.5 MB');
  await expect(app.getByTestId('toast').filter({ hasText: 'Uploaded 3 files' })).toBeVisible();

  const stored = await objects(server, root);
  expect(stored.map((o) => [o.path, o.size, o.sha256])).toEqual([
    ['big.bin', big, sha256Of(big, 7)],
    ['empty.txt', 0, sha256Of(0, 0)],
    ['hello.txt', 5, sha256Of(5, 65)],
  ]);
  // The object browser shows the new files.
  await expect(app.getByTestId('object-list').locator('[data-testid="browser-row"][data-name="big.bin"]')).toBeVisible();
});

test('uploads from the file and folder pickers, keeping folder structure', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  const dir = await makeTempDir('jcs-e2e-pick-');
  await mkdir(join(dir.path, 'album', 'sub'), { recursive: true });
  await writeFile(join(dir.path, 'album', 'one.txt'), 'one');
  await writeFile(join(dir.path, 'album', 'sub', 'two.txt'), 'two!');
  await writeFile(join(dir.path, 'loose.txt'), 'loose');
  try {
    await openPackage(app, bucket, pkg);
    await openPanel(app);

    const files = app.waitForEvent('filechooser');
    await panel(app).getByTestId('upload-files').click();
    await (await files).setFiles([join(dir.path, 'loose.txt')]);
    await expect(jobRow(app, 'loose.txt')).toHaveAttribute('data-state', 'completed');

    const folder = app.waitForEvent('filechooser');
    await panel(app).getByTestId('upload-folder').click();
    await (await folder).setFiles(join(dir.path, 'album'));
    await expect(jobRow(app, 'one.txt')).toHaveAttribute('data-state', 'completed');
    await expect(jobRow(app, 'two.txt')).toHaveAttribute('data-state', 'completed');
    await expect(jobRow(app, 'two.txt')).toContainText('to album/sub/two.txt');

    expect((await objects(server, root)).map((o) => o.path)).toEqual(['loose.txt']);
    expect((await objects(server, root, 'album/')).map((o) => [o.path, o.size])).toEqual([['album/one.txt', 3]]);
    expect((await objects(server, root, 'album/sub/')).map((o) => [o.path, o.size])).toEqual([['album/sub/two.txt', 4]]);
  } finally {
    await dir.remove();
  }
});

test('pauses a live upload from the page, resumes it where it stopped, cancels and retries it; a one-chunk file too', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  // 1 MiB chunks at 1 MiB/s: each chunk takes about a second.
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 1024, multipartThresholdMiB: 1 } });
  await openPackage(app, bucket, pkg);
  await openPanel(app);
  // 8 MiB: after the resume, several seconds are left for the cancel to land (with 4 MiB a busy machine could finish first).
  const size = 8 * MiB;
  await drop(app, [{ name: 'slow.bin', size, fill: 3 }]);
  const row = jobRow(app, 'slow.bin');
  await expect(row).toHaveAttribute('data-state', 'running');
  await expect.poll(async () => Number(await row.getAttribute('data-bytes-done'))).toBeGreaterThan(0);
  await row.getByTestId('transfer-pause').click();
  await expect(row).toHaveAttribute('data-state', 'paused');
  await expect(app.getByTestId('transfers-badge')).toHaveText('1');
  const stoppedAt = Number(await row.getAttribute('data-bytes-done'));
  await app.waitForTimeout(1500);
  await expect(row).toHaveAttribute('data-state', 'paused');
  expect(Number(await row.getAttribute('data-bytes-done'))).toBe(stoppedAt);

  await row.getByTestId('transfer-resume').click();
  await expect.poll(async () => Number(await row.getAttribute('data-bytes-done'))).toBeGreaterThan(stoppedAt);

  // Cancelled, then retried from its row: this page still holds the file and sends it again from the start.
  await row.getByTestId('transfer-cancel').click();
  await expect(row).toHaveAttribute('data-state', 'cancelled');
  await expect(app.getByTestId('transfers-badge')).toBeHidden();
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 1 } });
  await row.getByTestId('transfer-retry').click();
  await expect(row).toHaveAttribute('data-state', 'completed', { timeout: 20_000 });
  const [stored] = await objects(server, root);
  expect(stored).toMatchObject({ path: 'slow.bin', size, sha256: sha256Of(size, 3) });
  await expect(app.getByTestId('transfers-badge')).toBeHidden();

  // A file under the multipart threshold is one chunk: paused while it is on its way, it is sent again whole.
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 1024, multipartThresholdMiB: 8 } });
  const small = 3 * MiB;
  await drop(app, [{ name: 'single.bin', size: small, fill: 4 }]);
  const single = jobRow(app, 'single.bin');
  await expect(single).toHaveAttribute('data-state', 'running');
  await app.waitForTimeout(700);
  await single.getByTestId('transfer-pause').click();
  await expect(single).toHaveAttribute('data-state', 'paused');
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
  await single.getByTestId('transfer-resume').click();
  await expect(single).toHaveAttribute('data-state', 'completed');
  expect((await objects(server, root)).find((o) => o.path === 'single.bin')).toMatchObject({ size: small, sha256: sha256Of(small, 4) });
});

test('asks what to do when an upload exists: keep both, skip for the whole batch, replace', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  await openPackage(app, bucket, pkg);
  await openPanel(app);
  await drop(app, [
    { name: 'report.txt', size: 10, fill: 1 },
    { name: 'notes.txt', size: 20, fill: 2 },
  ]);
  await expect(jobRow(app, 'notes.txt')).toHaveAttribute('data-state', 'completed');
  await expect(jobRow(app, 'report.txt')).toHaveAttribute('data-state', 'completed');
  await panel(app).getByTestId('transfers-clear-finished').click();
  await expect(panel(app).getByTestId('transfer-row')).toHaveCount(0);

  // Keep both: the new file is stored under a numbered name.
  await drop(app, [{ name: 'report.txt', size: 11, fill: 9 }]);
  const dialog = app.getByTestId('conflict-dialog');
  await expect(dialog.getByTestId('conflict-message')).toHaveText('“report.txt” already exists in the package root. Replace it?');
  await expect(dialog.getByTestId('conflict-apply-all')).toHaveCount(0); // only one conflict in this batch
  await expect(jobRow(app, 'report.txt')).toHaveAttribute('data-state', 'waiting');
  await expect(app.getByTestId('transfers-badge')).toHaveText('1');
  await dialog.getByTestId('conflict-keepBoth').click();
  await expect(dialog).toBeHidden();
  await expect(jobRow(app, 'report.txt')).toHaveAttribute('data-state', 'completed');
  expect((await objects(server, root)).map((o) => [o.path, o.size])).toEqual([
    ['notes.txt', 20],
    ['report (1).txt', 11],
    ['report.txt', 10],
  ]);
  await panel(app).getByTestId('transfers-clear-finished').click();

  // Skip, for every conflict of the batch; the file that does not exist yet is uploaded.
  await drop(app, [
    { name: 'report.txt', size: 12, fill: 8 },
    { name: 'notes.txt', size: 13, fill: 8 },
    { name: 'fresh.txt', size: 14, fill: 8 },
  ]);
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText('Do the same for all 2 conflicts in this transfer');
  await dialog.getByTestId('conflict-apply-all').check();
  await dialog.getByTestId('conflict-skip').click();
  await expect(dialog).toBeHidden();
  await expect(jobRow(app, 'report.txt')).toHaveAttribute('data-state', 'skipped');
  await expect(jobRow(app, 'notes.txt')).toHaveAttribute('data-state', 'skipped');
  await expect(jobRow(app, 'fresh.txt')).toHaveAttribute('data-state', 'completed');
  expect((await objects(server, root)).map((o) => [o.path, o.size])).toEqual([
    ['fresh.txt', 14],
    ['notes.txt', 20],
    ['report (1).txt', 11],
    ['report.txt', 10],
  ]);
  await panel(app).getByTestId('transfers-clear-finished').click();

  // Decide later, then from the panel: replace.
  await drop(app, [{ name: 'notes.txt', size: 21, fill: 5 }]);
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('conflict-later').click();
  await expect(dialog).toBeHidden();
  await expect(jobRow(app, 'notes.txt')).toHaveAttribute('data-state', 'waiting');
  await jobRow(app, 'notes.txt').getByTestId('transfer-decide').click();
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('conflict-overwrite').click();
  await expect(jobRow(app, 'notes.txt')).toHaveAttribute('data-state', 'completed');
  const notes = (await objects(server, root)).find((o) => o.path === 'notes.txt');
  expect(notes).toMatchObject({ size: 21, sha256: sha256Of(21, 5) });
});

test('asks again after a reload about conflicts that still wait', async ({ app, server }) => {
  const { root } = await makePackage(server);
  await announce(server, root, [{ relativePath: 'twice.txt', size: 5 }]).then(([id]) => sendChunk(app, id!, 0, 'first'));
  await announce(server, root, [{ relativePath: 'twice.txt', size: 6 }]);
  await expect(app.getByTestId('conflict-dialog')).toBeVisible();
  await app.reload();
  await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
  const dialog = app.getByTestId('conflict-dialog');
  await expect(dialog.getByTestId('conflict-message')).toContainText('“twice.txt” already exists');
  await dialog.getByTestId('conflict-skip').click();
  await expect(dialog).toBeHidden();
  await openPanel(app);
  await expect(panel(app).locator('[data-testid="transfer-row"][data-name="twice.txt"][data-state="skipped"]')).toHaveCount(1);
});
