/**
 * The transfers panel as batches (issue 16, item 3), in headless mode on the
 * embedded node: a batch's header gives the totals of ALL its files (not only
 * those in flight), failures come first, skipped files count as skipped,
 * "Retry all" retries the batch's failures, a name "Keep both" chose shows at
 * once, a finished batch says so in a toast, the panel keeps to a third of a
 * short window (checked in 简体中文), and a batch of 10,000 files is one row
 * that, opened, loads only the pages in view. Jobs made with `server.call`
 * have no page behind them: they wait until the test sends their chunks.
 */
import type { Locator, Page } from '@playwright/test';
import { expect, openApp, test, type HeadlessServer } from './fixtures';

const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function makePackage(server: HeadlessServer): Promise<string> {
  const top = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: unique('batches') });
  const { id } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: top.id, name: unique('pkg') });
  return id;
}

async function announce(server: HeadlessServer, root: string, files: Array<{ relativePath: string; size: number }>, conflict = 'ask'): Promise<string[]> {
  const result = await server.call<{ files: Array<{ jobId: string }> }>('transfers.uploadBrowserFiles', { connectionId: 'local', root, targetFolder: '', files, conflict });
  return result.files.map((f) => f.jobId);
}

/** Sends a job's one chunk from the page, as the page's uploader does. */
async function sendChunk(page: Page, jobId: string, text: string): Promise<boolean> {
  return page.evaluate(async ({ jobId, text }) => {
    const response = await fetch(`/api/transfers/chunk?job=${encodeURIComponent(jobId)}&index=0`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: new Blob([text]) });
    return ((await response.json()) as { ok: boolean }).ok;
  }, { jobId, text });
}

const panel = (page: Page): Locator => page.getByTestId('transfers-panel');
const batchRow = (page: Page, files: number): Locator => panel(page).locator(`[data-testid="transfer-batch"][data-files="${files}"]`);
const jobRow = (page: Page, name: string): Locator => panel(page).locator(`[data-testid="transfer-row"][data-name="${name}"]`);

async function openPanel(page: Page): Promise<void> {
  if (!(await panel(page).isVisible())) await page.getByTestId('transfers-toggle').click();
  await expect(panel(page)).toBeVisible();
}

test.beforeEach(async ({ server }) => {
  await server.call('transfers.control', { action: 'cancel', ids: null });
  await server.call('transfers.clearFinished');
});

test('a batch reads as one: totals of all its files, failures first, skipped counted as skipped, retry all, a toast when it is over', async ({ app, server }) => {
  const root = await makePackage(server);
  const [first] = await announce(server, root, [{ relativePath: 'up/a.txt', size: 5 }]);
  await openPanel(app);
  expect(await sendChunk(app, first!, 'hello')).toBe(true);
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'completed');
  await panel(app).getByTestId('transfers-clear-finished').click();
  await expect(panel(app).getByTestId('transfers-empty')).toBeVisible();

  // a.txt exists: with "skip" it is left out at once; b fails, c completes, d waits.
  const [, b, c, d] = await announce(
    server,
    root,
    [
      { relativePath: 'up/a.txt', size: 5 },
      { relativePath: 'up/b.txt', size: 3 },
      { relativePath: 'up/c.txt', size: 4 },
      { relativePath: 'up/d.txt', size: 6 },
    ],
    'skip',
  );
  expect(await sendChunk(app, c!, 'abcd')).toBe(true);
  expect(await sendChunk(app, b!, 'too long')).toBe(false);

  const batch = batchRow(app, 4);
  await expect(batch).toHaveAttribute('data-state', 'failed');
  await expect(batch.getByTestId('batch-count-failed')).toHaveAttribute('data-count', '1');
  await expect(batch.getByTestId('batch-count-skipped')).toHaveAttribute('data-count', '1');
  await expect(batch.getByTestId('batch-count-completed')).toHaveAttribute('data-count', '1');
  await expect(batch.getByTestId('batch-count-queued')).toHaveAttribute('data-count', '1');
  // The whole batch: 3 of its 4 files are over; 4 B of the 13 B it moves (the skipped file moves nothing).
  await expect(batch.getByTestId('batch-title')).toHaveText('4 files to up');
  await expect(batch.getByTestId('batch-figures')).toHaveText('3 of 4 files · 4 B of 13 B');
  // The queue's head counts the skipped file as skipped, not completed.
  await expect(panel(app).getByTestId('transfers-count-skipped')).toHaveAttribute('data-count', '1');
  await expect(panel(app).getByTestId('transfers-count-completed')).toHaveAttribute('data-count', '1');
  // Failures first: b.txt heads the batch's rows although it was queued after a.txt.
  await expect(panel(app).getByTestId('transfer-row').first()).toHaveAttribute('data-name', 'b.txt');
  await expect(jobRow(app, 'a.txt')).toHaveAttribute('data-state', 'skipped');

  await batch.getByTestId('batch-retry').click();
  await expect(jobRow(app, 'b.txt')).toHaveAttribute('data-state', 'queued');
  await expect(batch.getByTestId('batch-count-failed')).toHaveCount(0);
  await expect(batch.getByTestId('batch-retry')).toHaveCount(0);
  expect(await sendChunk(app, b!, 'abc')).toBe(true);
  expect(await sendChunk(app, d!, 'abcdef')).toBe(true);
  await expect(batch).toHaveAttribute('data-state', 'finished');
  await expect(batch.getByTestId('batch-figures')).toHaveText('4 of 4 files · 13 B of 13 B');
  await expect(app.getByTestId('toast').filter({ hasText: 'Uploaded 3 files, 1 skipped (it already existed)' })).toBeVisible();
});

test('"Keep both" shows the name the file will be stored under at once, before any byte has moved', async ({ app, server }) => {
  const root = await makePackage(server);
  const [first] = await announce(server, root, [{ relativePath: 'twin.txt', size: 3 }]);
  await openPanel(app);
  expect(await sendChunk(app, first!, 'one')).toBe(true);
  await expect(jobRow(app, 'twin.txt')).toHaveAttribute('data-state', 'completed');
  await panel(app).getByTestId('transfers-clear-finished').click();

  const [second] = await announce(server, root, [{ relativePath: 'twin.txt', size: 3 }], 'keepBoth');
  await expect(jobRow(app, 'twin.txt')).toHaveAttribute('data-state', 'queued');
  await expect(jobRow(app, 'twin.txt').getByTestId('transfer-note')).toHaveText(' · will be saved as “twin (1).txt”');
  expect(await sendChunk(app, second!, 'two')).toBe(true);
  await expect(jobRow(app, 'twin.txt').getByTestId('transfer-note')).toHaveText(' · saved as “twin (1).txt”');
});

test('in a short window (1024×600, 简体中文) the panel takes at most a third of it, and a batch reads in Chinese', async ({ page, server }) => {
  await server.call('settings.update', { language: 'zh-CN' });
  try {
    const root = await makePackage(server);
    await announce(server, root, Array.from({ length: 30 }, (_, i) => ({ relativePath: `相册/照片${i}.jpg`, size: 100 })));
    await page.setViewportSize({ width: 1024, height: 600 });
    await openApp(page, server);
    await openPanel(page);
    const box = await panel(page).boundingBox();
    expect(box!.height).toBeLessThanOrEqual(600 / 3);
    const batch = batchRow(page, 30);
    await expect(batch.getByTestId('batch-title')).toHaveText('30 个文件上传到 相册');
    await expect(batch.getByTestId('batch-figures')).toHaveText('0 / 30 个文件 · 0 B / 2.93 KB');
    // More than 20 files: the batch is one row until opened.
    await expect(panel(page).getByTestId('transfer-row')).toHaveCount(0);
    await batch.getByTestId('batch-toggle').click();
    await expect(jobRow(page, '照片0.jpg')).toBeVisible();
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});

test('a batch of 10,000 files is one row; opened, only the rows in view are in the DOM and only their pages are fetched', async ({ app, server }) => {
  const root = await makePackage(server);
  await announce(
    server,
    root,
    Array.from({ length: 10_000 }, (_, i) => ({ relativePath: `bulk/f${String(i).padStart(5, '0')}.txt`, size: 1 })),
  );
  const pageCalls: string[] = [];
  app.on('request', (request) => {
    if (request.url().endsWith('/api/call/transfers.batchJobs')) pageCalls.push(request.postData() ?? '');
  });
  await openPanel(app);
  const batch = batchRow(app, 10_000);
  await expect(batch.getByTestId('batch-figures')).toHaveText('0 of 10,000 files · 0 B of 9.77 KB');
  await expect(panel(app).getByTestId('transfer-list')).toHaveAttribute('data-total', '10000');
  await expect(panel(app).getByTestId('transfer-row')).toHaveCount(0);
  expect(pageCalls).toHaveLength(0);

  await batch.getByTestId('batch-toggle').click();
  await expect(jobRow(app, 'f00000.txt')).toBeVisible();
  expect(await panel(app).getByTestId('transfer-row').count()).toBeLessThan(40);
  const list = panel(app).getByTestId('transfer-list');
  await list.hover();
  await app.mouse.wheel(0, 10_001 * 56); // to the end
  await expect(jobRow(app, 'f09999.txt')).toBeVisible();
  expect(await panel(app).getByTestId('transfer-row').count()).toBeLessThan(40);
  // The first page and the last one or two: nothing in between.
  expect(pageCalls.length).toBeLessThanOrEqual(4);

  await list.hover();
  await app.mouse.wheel(0, -10_001 * 56); // back to the top, where the batch's own commands are
  await batch.getByTestId('batch-cancel').click();
  await expect(app.getByTestId('transfers-badge')).toBeHidden({ timeout: 30_000 });
  await expect(batch).toHaveAttribute('data-state', 'finished');
  await expect(batch.getByTestId('batch-count-cancelled')).toHaveAttribute('data-count', '10000');
});
