/**
 * Preview without downloading, end to end in headless mode against a real
 * storage node (a service that makes no thumbnails): a folder of images as a
 * grid of thumbnails main makes with sharp (each asked for once), a
 * double-click or Enter on a file opens its preview (the image itself; code
 * highlighted by highlight.js), a hostile HTML file shown as text whose
 * scripts never run (in the dialog, nor opened from its URL on its own),
 * audio played by ranged reads (206), and the dialog in 简体中文.
 */
import type { Page, Request } from '@playwright/test';
import { makeTestImage } from '../fixtures/file-storage';
import { list, makePackage, openPackage, row, startDataNode, uploadFiles, type DataNode } from './browser-support';
import { expect, test } from './fixtures';

// Page-side code runs in Chromium; the Node-side type check has no DOM library.
interface PageImage {
  readonly naturalWidth: number;
  readonly complete: boolean;
  getBoundingClientRect(): { top: number; bottom: number };
}
interface PageAudio {
  readonly readyState: number;
  readonly duration: number;
  currentTime: number;
  addEventListener(type: string, listener: () => void, options?: { once: boolean }): void;
}

const IMAGES = 30;
const HOSTILE = `<script>document.title = 'pwned'; parent.document.title = 'pwned';</script><img src="x" onerror="parent.document.title = 'pwned'"><p>hello</p>`;
const CODE = 'export function answer(): number {\n  return 42; // the answer\n}\n';

/** A mono 16-bit PCM WAV of `seconds` of a 440 Hz tone (Chromium plays it without codecs). */
function wav(seconds: number, rate = 8000): Buffer {
  const samples = seconds * rate;
  const data = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) data.writeInt16LE(Math.round(Math.sin((2 * Math.PI * 440 * i) / rate) * 8000), i * 2);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVEfmt ', 8);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20); // PCM
  header.writeUInt16LE(1, 22); // mono
  header.writeUInt32LE(rate, 24);
  header.writeUInt32LE(rate * 2, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

let node: DataNode;
let packageId: number;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Preview node');
  ({ packageId } = await makePackage(node.client, 'media', 'gallery'));
  const files = [];
  for (let i = 0; i < IMAGES; i++) files.push({ path: `photos/photo-${String(i).padStart(2, '0')}.png`, body: await makeTestImage(320, 240, 'png', (i * 37) % 256) });
  files.push({ path: 'code/app.ts', body: Buffer.from(CODE) });
  files.push({ path: 'hostile.html', body: Buffer.from(HOSTILE) });
  files.push({ path: 'song.wav', body: wav(3) });
  files.push({ path: 'data.bin', body: Buffer.alloc(100, 7) });
  await uploadFiles(node.client, packageId, files);
});

test.afterAll(async () => {
  await node?.stop();
});

function requestsTo(page: Page, route: string): Request[] {
  const seen: Request[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === route) seen.push(request);
  });
  return seen;
}

async function showList(page: Page): Promise<void> {
  if (await page.getByTestId('view-list').getAttribute('aria-pressed') !== 'true') await page.getByTestId('view-list').click();
  await expect(list(page)).toBeVisible();
}

test('a folder of images shows as a grid of thumbnails made in main, each asked for once; a double-click opens the image', async ({ app }) => {
  const thumbnails = requestsTo(app, '/api/thumbnail');
  await openPackage(app, node, 'media', 'gallery');
  await row(app, 'photos').dblclick();
  await expect(row(app, 'photo-00.png')).toBeVisible();
  await app.getByTestId('view-grid').click();
  const grid = app.getByTestId('thumbnail-grid');
  await expect(grid).toHaveAttribute('data-entry-count', String(IMAGES));
  const images = grid.getByTestId('thumbnail-image');
  await expect(images.first()).toBeVisible();
  // Every image in the grid arrives (decoded JPEGs from the node's PNGs).
  await expect.poll(() => images.evaluateAll((all: PageImage[]) => all.length > 0 && all.every((image) => image.complete && image.naturalWidth > 0))).toBe(true);
  const shown = await images.count();
  const urls = thumbnails.map((request) => request.url());
  expect(new Set(urls).size).toBe(urls.length); // none asked for twice
  expect(urls.length).toBe(shown); // one request per tile with an image, none for tiles off screen
  expect(urls.every((url) => new URL(url).searchParams.get('etag')?.length === 64)).toBe(true); // named by content hash

  await grid.locator('[data-testid="thumbnail-card"][data-name="photo-03.png"]').dblclick();
  const dialog = app.getByTestId('preview-dialog');
  await expect(dialog).toBeVisible();
  const full = dialog.getByTestId('preview-image');
  await expect.poll(() => full.evaluate((image: PageImage) => image.naturalWidth)).toBe(320);
  await app.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await app.getByTestId('view-list').click();
});

test('Enter on a code file previews it highlighted; a hostile HTML file shows as text and runs nothing; audio plays by ranges', async ({ app, server }) => {
  const previews = requestsTo(app, '/api/preview');
  await openPackage(app, node, 'media', 'gallery');
  await showList(app);
  await row(app, 'code').dblclick();
  await row(app, 'app.ts').click();
  await app.keyboard.press('Enter');
  const text = app.getByTestId('preview-dialog').getByTestId('preview-text');
  await expect(text).toHaveAttribute('data-language', 'typescript');
  await expect(text.locator('.hljs-keyword').first()).toHaveText('export');
  await expect(text.locator('.hljs-comment')).toHaveText('// the answer');
  await expect(text).toContainText('return 42;');
  await app.keyboard.press('Escape');

  // A hostile HTML file is shown as text and its scripts never run.
  const dialogs: string[] = [];
  app.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const title = await app.title();
  await app.getByTestId('nav-up').click();
  await row(app, 'hostile.html').dblclick();
  const markup = app.getByTestId('preview-dialog').getByTestId('preview-text');
  await expect(markup).toContainText("<script>document.title = 'pwned'");
  await expect(app.getByTestId('preview-note')).toBeVisible();
  await expect(markup.locator('script, img')).toHaveCount(0);
  expect(await app.title()).toBe(title);

  // Opened from its URL on its own (a link, a new tab), it is plain text under a sandbox too.
  const url = new URL('/api/preview', server.url);
  url.search = new URLSearchParams({ connection: node.connectionId, root: `p${packageId}`, path: 'hostile.html' }).toString();
  const tab = await app.context().newPage();
  const response = await tab.goto(url.toString());
  expect(response?.headers()['content-type']).toBe('text/plain; charset=utf-8');
  expect(response?.headers()['x-content-type-options']).toBe('nosniff');
  expect(response?.headers()['content-security-policy']).toMatch(/^sandbox;/);
  await expect(tab.locator('body')).toContainText('<script>');
  expect(await tab.title()).not.toBe('pwned');
  expect(await tab.locator('script, img').count()).toBe(0);
  await tab.close();
  expect(dialogs).toEqual([]);
  expect(await app.title()).toBe(title);
  await app.keyboard.press('Escape');

  // Audio plays by ranged reads.
  await row(app, 'song.wav').dblclick();
  const audio = app.getByTestId('preview-dialog').getByTestId('preview-audio');
  await expect.poll(() => audio.evaluate((element: PageAudio) => element.readyState)).toBeGreaterThanOrEqual(1);
  expect(await audio.evaluate((element: PageAudio) => Math.round(element.duration))).toBe(3);
  await audio.evaluate((element: PageAudio) => new Promise<void>((resolve) => {
    element.addEventListener('seeked', () => resolve(), { once: true });
    element.currentTime = 2.5;
  }));
  const ranged = previews.filter((request) => request.headers()['range'] !== undefined);
  expect(ranged.length).toBeGreaterThan(0);
  const answers = await Promise.all(ranged.map(async (request) => (await request.response())?.status()));
  expect(answers.every((status) => status === 206)).toBe(true);
});

test('in 简体中文, a file without a preview says so and offers the download', async ({ app, server }) => {
  await server.call('settings.update', { language: 'zh-CN' });
  try {
    await app.reload();
    await openPackage(app, node, 'media', 'gallery');
    await showList(app);
    await row(app, 'data.bin').dblclick();
    const dialog = app.getByTestId('preview-dialog');
    await expect(dialog.getByRole('heading')).toHaveText('预览：data.bin');
    await expect(dialog).toContainText('这类文件没有预览。请下载后打开。');
    await expect(dialog.getByTestId('preview-download')).toHaveText('下载');
    await dialog.getByTestId('preview-close').click();
    await expect(dialog).toBeHidden();
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});
