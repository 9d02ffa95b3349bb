/**
 * A browser upload whose page went away (issue 16, item 2): the page reloads
 * while a multipart upload is half sent. The job no longer claims to be
 * transferring; it says it waits for its file (in English and 简体中文), and
 * Pause then Resume keeps saying so rather than "Queued" forever. Dropping the
 * same file again (same name, size, last-modified time, target) takes the
 * same job up from the chunks the server acknowledged, with no second upload
 * beside it, and the stored object has the file's SHA-256.
 */
import type { JSHandle, Page } from '@playwright/test';
import { makePackage, openPackage, startDataNode, type DataNode } from './browser-support';
import type { PageDataTransfer, PageFile } from './drop-support';
import { expect, test } from './fixtures';

declare const DataTransfer: new () => PageDataTransfer;
declare const window: { dropped?: Record<string, PageFile & { arrayBuffer(): Promise<ArrayBuffer> }> };

const MiB = 1024 * 1024;
const NAME = 'movie.bin';
/** Three chunks of the 8 MiB part size: 8, 8 and 4 MiB. */
const SIZE = 20 * MiB;
/** The file's last-modified time: the same file dropped again has the same one. */
const MODIFIED = Date.UTC(2026, 0, 2, 3, 4, 5);

interface Job {
  id: string;
  displayName: string;
  state: string;
  waiting: string | null;
  bytesDone: number;
}

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Reload node');
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'en', transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
  await node?.stop();
});

/** The same bytes each time (a seeded generator), in a File with a fixed last-modified time, staged for a drop. */
function stageSameFile(page: Page): Promise<JSHandle<PageDataTransfer>> {
  return page.evaluateHandle(
    ({ name, size, modified }) => {
      const bytes = new Uint8Array(size);
      const words = new Uint32Array(bytes.buffer);
      let seed = 0x9e3779b9;
      for (let i = 0; i < words.length; i++) {
        seed ^= seed << 13;
        seed ^= seed >>> 17;
        seed ^= seed << 5;
        words[i] = seed >>> 0;
      }
      const file = new File([bytes], name, { type: 'application/octet-stream', lastModified: modified });
      (window.dropped ??= {})[name] = file;
      const transfer = new DataTransfer();
      transfer.items.add(file);
      return transfer;
    },
    { name: NAME, size: SIZE, modified: MODIFIED },
  );
}

async function dropOnList(page: Page, transfer: JSHandle<PageDataTransfer>): Promise<void> {
  const zone = page.getByTestId('browser-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
}

function jobRow(page: Page) {
  return page.getByTestId('transfers-panel').locator(`[data-testid="transfer-row"][data-name="${NAME}"]`);
}

async function openPanel(page: Page): Promise<void> {
  if (!(await page.getByTestId('transfers-panel').isVisible())) await page.getByTestId('transfers-toggle').click();
  await expect(page.getByTestId('transfers-panel')).toBeVisible();
}

async function jobs(server: { call<T>(name: string, input?: unknown): Promise<T> }): Promise<Job[]> {
  return (await server.call<{ jobs: Job[] }>('transfers.list', { offset: 0, limit: 100 })).jobs;
}

test('a reload during a browser upload: the job waits for its file, survives Pause/Resume, and the same file dropped again resumes it with the right hash', async ({ app, server }) => {
  test.setTimeout(150_000);
  app.on('dialog', (dialog) => void dialog.accept()); // leave the page even if it asks
  await makePackage(node.client, 'reload', 'drop');
  // Slow enough that the reload comes while the file is half sent: an 8 MiB chunk takes about 4 s.
  await server.call('settings.update', { transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 2048, multipartThresholdMiB: 8 } });
  const chunks: Array<{ job: string; index: number }> = [];
  app.on('request', (request) => {
    const url = new URL(request.url());
    if (url.pathname === '/api/transfers/chunk') chunks.push({ job: url.searchParams.get('job')!, index: Number(url.searchParams.get('index')) });
  });

  await openPackage(app, node, 'reload', 'drop');
  await dropOnList(app, await stageSameFile(app));
  await expect(jobRow(app)).toHaveAttribute('data-state', 'running');
  const jobId = (await jobRow(app).getAttribute('data-job-id'))!;
  // The first chunk is acknowledged, the rest is not.
  await expect.poll(async () => (await jobs(server)).find((j) => j.id === jobId)?.bytesDone ?? 0, { timeout: 30_000 }).toBeGreaterThanOrEqual(8 * MiB);

  await app.reload();
  await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
  await openPanel(app);
  // Not "Transferring … 0 B/s" forever: it says what it waits for.
  await expect(jobRow(app)).toHaveAttribute('data-state', 'waitingFile', { timeout: 30_000 });
  await expect(jobRow(app).getByTestId('transfer-state')).toHaveText('Waiting for the file: drop it again to resume');
  await expect(jobRow(app).getByTestId('transfer-figures')).not.toContainText('/s');
  expect((await jobs(server)).find((j) => j.id === jobId)).toMatchObject({ state: 'queued', waiting: 'file' });

  // Pause, then Resume: waiting for the file again, not "Queued" forever.
  await jobRow(app).getByTestId('transfer-pause').click();
  await expect(jobRow(app)).toHaveAttribute('data-state', 'paused');
  await jobRow(app).getByTestId('transfer-resume').click();
  await expect(jobRow(app)).toHaveAttribute('data-state', 'waitingFile');

  // In 简体中文 too.
  await server.call('settings.update', { language: 'zh-CN' });
  await app.reload();
  await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
  await openPanel(app);
  await expect(jobRow(app).getByTestId('transfer-state')).toHaveText('等待文件：再次拖入该文件以继续');
  await server.call('settings.update', { language: 'en', transfers: { maxConcurrentFiles: 3, maxConcurrentParts: 6, bandwidthLimitKiBps: 0, multipartThresholdMiB: 8 } });
  await app.reload();
  await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();

  // The same file dropped again: the same job goes on from the chunks acknowledged.
  const before = (await jobs(server)).find((j) => j.id === jobId)!;
  const chunksBefore = chunks.length;
  await openPackage(app, node, 'reload', 'drop');
  await dropOnList(app, await stageSameFile(app));
  await expect(app.getByTestId('transfers-panel')).toBeVisible(); // a drop opens the panel
  await expect(jobRow(app)).toHaveAttribute('data-state', 'completed', { timeout: 60_000 });
  await expect(jobRow(app)).toHaveCount(1);
  const all = await jobs(server);
  expect(all.map((j) => [j.id, j.displayName, j.state])).toEqual([[jobId, NAME, 'completed']]);
  const resent = chunks.slice(chunksBefore).filter((c) => c.job === jobId);
  expect(resent.length).toBeGreaterThan(0);
  expect(Math.min(...resent.map((c) => c.index))).toBe(Math.floor(before.bytesDone / (8 * MiB)));

  // The stored object has the SHA-256 of the file's bytes.
  const expected = await app.evaluate(async (name) => {
    const digest = await crypto.subtle.digest('SHA-256', await window.dropped![name]!.arrayBuffer());
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
  }, NAME);
  const roots = await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: null });
  const bucket = roots.find((r) => r.name === 'reload')!;
  const pkg = (await server.call<Array<{ id: string; name: string }>>('roots.list', { connectionId: node.connectionId, parentId: bucket.id })).find((r) => r.name === 'drop')!;
  const listed = await server.call<{ entries: Array<{ path: string; size: number; hash?: { value: string } }> }>('objects.list', { connectionId: node.connectionId, root: pkg.id, prefix: '' });
  expect(listed.entries.map((e) => [e.path, e.size, e.hash?.value])).toEqual([[NAME, SIZE, expected]]);
});
