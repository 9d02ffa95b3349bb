/**
 * A File Storage service (seed 002) end to end in headless mode: its fixture
 * server on loopback (real multipart, real sharp thumbnails, a request log),
 * added through the connection dialog, browsed as one flat list the service
 * sorts, filters and pages by offset, shown as a thumbnail grid (each image
 * on screen fetched once), files dropped in and downloaded back byte for
 * byte, renamed and deleted, the usage panel's figures, and the Chinese UI.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { JSHandle, Page } from '@playwright/test';
import { makeTestImage, startFileStorageServer, type FileStorageServer } from '../fixtures/file-storage';
import { droppedBytes, stageDrop, type PageDataTransfer } from './drop-support';
import { expect, test } from './fixtures';

// Page-side code runs in Chromium; the Node-side type check has no DOM library.
interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number; bottom: number; left: number };
  readonly naturalWidth: number;
  readonly complete: boolean;
  closest(selector: string): PageElement | null;
}

const LIST_ROUTE = 'GET /file/list';
const THUMBNAIL_ROUTE = 'GET /file/thumbnail/:file';
const IMAGES = 120;
const CONNECTION = 'Photo store';

interface Seeded {
  id: string;
  name: string;
  size: number;
  maintype: string;
}

let service: FileStorageServer;
let seeded: Seeded[];

test.beforeAll(async () => {
  service = await startFileStorageServer();
  const files = [];
  for (let i = 0; i < IMAGES; i++) files.push({ name: `photo-${String(i).padStart(3, '0')}.jpg`, content: await makeTestImage(160 + (i % 7) * 20, 120, 'jpeg', (i * 37) % 360), maintype: 'image', subtype: 'jpeg' });
  for (let i = 0; i < 40; i++) files.push({ name: `note-${String(i).padStart(2, '0')}.txt`, content: Buffer.from(`note ${i} `.repeat(1 + i * 13)), maintype: 'text', subtype: 'plain' });
  for (let i = 0; i < 15; i++) files.push({ name: `song-${String(i).padStart(2, '0')}.mp3`, content: Buffer.alloc(3000 + i * 101, i), maintype: 'audio', subtype: 'mpeg' });
  const added = await service.seed(files);
  seeded = added.map((f) => ({ id: f.id, name: f.name, size: f.size, maintype: f.maintype }));
});

test.afterAll(async () => {
  await service?.close();
});

function list(page: Page) {
  return page.getByTestId('object-list');
}

/** Names of the file rows in the DOM, top to bottom. */
function visibleNames(page: Page): Promise<string[]> {
  return list(page)
    .locator('[data-testid="browser-row"]')
    .evaluateAll((rows: PageElement[]) => rows.map((r) => ({ name: r.getAttribute('data-name') ?? '', top: r.getBoundingClientRect().top })).sort((a, b) => a.top - b.top).map((r) => r.name));
}

async function addConnection(page: Page): Promise<void> {
  await page.getByTestId('add-connection').click();
  const dialog = page.getByTestId('connection-dialog');
  await dialog.getByTestId('connection-kind').selectOption('file-storage');
  await dialog.getByTestId('connection-name').fill(CONNECTION);
  await dialog.getByTestId('connection-base-url').fill(service.url);
  await dialog.getByTestId('connection-test').click();
  await expect(dialog.getByTestId('connection-test-result')).toHaveAttribute('data-state', 'ok');
  await dialog.getByTestId('connection-save').click();
  await expect(dialog).toHaveCount(0);
}

async function openSpace(page: Page): Promise<void> {
  const connection = page.getByTestId('tree-connection').filter({ hasText: CONNECTION });
  if ((await connection.count()) === 0) await addConnection(page);
  await connection.getByTestId('tree-row').first().click();
  await page.locator('[data-testid="entity-row"][data-name="File Storage"]').dblclick();
  await expect(list(page).or(page.getByTestId('thumbnail-grid'))).toBeVisible();
}

/** The rows' sizes by name, from what was seeded (names are unique in this data); undefined for no row yet (its page is on its way). */
function sizeOf(name: string | undefined): number | undefined {
  if (name === undefined || name === '') return undefined;
  const file = seeded.find((f) => f.name === name);
  if (!file) throw new Error(`not seeded: ${name}`);
  return file.size;
}

/** List requests the service received, by URL: each page of a sort and filter is asked for once. */
function listRequestsByUrl(): Map<string, number> {
  const counts = new Map<string, number>();
  for (const entry of service.requests.entries) if (entry.route === LIST_ROUTE) counts.set(entry.url, (counts.get(entry.url) ?? 0) + 1);
  return counts;
}

test('adds a File Storage connection through the dialog and browses it as one list the service sorts, filters and pages', async ({ app }) => {
  await addConnection(app);
  service.requests.clear();
  await openSpace(app);
  const total = seeded.length;
  await expect(list(app)).toHaveAttribute('data-entry-count', String(total));
  await expect(app.getByTestId('entry-count')).toHaveText(`${total} items`);
  // The service's own order (names, ascending), and no folders to make.
  await expect.poll(async () => (await visibleNames(app)).slice(0, 3)).toEqual(['note-00.txt', 'note-01.txt', 'note-02.txt']);
  await expect(app.getByTestId('new-folder')).toBeDisabled();
  await expect(app.getByTestId('new-folder')).toHaveAttribute('title', 'This service has no folders: all files are in one list.');

  // Sorting asks the service: the largest first, whatever the names.
  await app.getByTestId('sort-size').click();
  await expect.poll(async () => (await visibleNames(app)).slice(0, 3).map((name) => sizeOf(name))).toEqual(seeded.map((f) => f.size).sort((a, b) => a - b).slice(0, 3));
  await app.getByTestId('sort-size').click();
  const largest = [...seeded].sort((a, b) => b.size - a.size);
  await expect.poll(async () => sizeOf((await visibleNames(app))[0])).toBe(largest[0]!.size);
  const shown = (await visibleNames(app)).map((name) => sizeOf(name)!);
  expect(shown).toEqual([...shown].sort((a, b) => b - a));
  expect([...listRequestsByUrl().keys()].some((url) => /orderBy=size/.test(url) && /order=desc/.test(url))).toBe(true);

  // Scrolling to the end fetches the pages there by offset; every row is a seeded file.
  await list(app).evaluate((el: { scrollTop: number; scrollHeight: number }) => (el.scrollTop = el.scrollHeight));
  await expect.poll(async () => sizeOf((await visibleNames(app)).at(-1))).toBe(largest.at(-1)!.size);
  // Another order while the view is down there: the pages at the view's rows of the new order are fetched, not only the first.
  await app.getByTestId('sort-size').click();
  await expect.poll(async () => sizeOf((await visibleNames(app)).at(-1))).toBe(largest[0]!.size);
  await expect(list(app).getByTestId('row-loading')).toHaveCount(0);

  // Filters go to the service too: by name (typed, sent once typing pauses) and by type.
  await app.getByTestId('sort-name').click();
  await app.getByTestId('filter').fill('song');
  await expect(app.getByTestId('entry-count')).toHaveText('15 items');
  await expect.poll(async () => (await visibleNames(app)).every((n) => n.startsWith('song-'))).toBe(true);
  await app.getByTestId('filter').fill('');
  await app.getByTestId('type-filter').selectOption('image');
  await expect(app.getByTestId('entry-count')).toHaveText(`${IMAGES} items`);
  await app.getByTestId('filter').fill('photo-01');
  await expect(app.getByTestId('entry-count')).toHaveText('10 items');
  await expect.poll(() => visibleNames(app)).toEqual(Array.from({ length: 10 }, (_, i) => `photo-01${i}.jpg`));
  expect([...listRequestsByUrl().keys()].some((url) => /name=photo-01|q=.*photo-01/.test(decodeURIComponent(url)) && /image/.test(url))).toBe(true);
  await app.getByTestId('filter').fill('');
  await app.getByTestId('type-filter').selectOption('video');
  await expect(app.getByTestId('list-empty')).toHaveText('No files of this type here: Video.');
  await app.getByTestId('type-filter').selectOption('');
  await expect(app.getByTestId('entry-count')).toHaveText(`${total} items`);

  // However the view moved, no page of a sort and filter was asked for twice.
  const repeated = [...listRequestsByUrl().entries()].filter(([, n]) => n > 1);
  expect(repeated).toEqual([]);
});

function grid(page: Page) {
  return page.getByTestId('thumbnail-grid');
}

/** Keys of the image cards on screen now whose image has arrived (decoded, with its width). */
function loadedImagesOnScreen(page: Page): Promise<{ onScreen: string[]; loaded: string[] }> {
  return grid(page).evaluate((el: PageElement & { querySelectorAll(selector: string): Iterable<PageElement> }) => {
    const view = el.getBoundingClientRect() as { top: number; bottom: number };
    const onScreen: string[] = [];
    const loaded: string[] = [];
    for (const card of el.querySelectorAll('[data-testid="thumbnail-card"][data-type="image"]')) {
      const rect = card.getBoundingClientRect();
      if (rect.bottom <= view.top || rect.top >= view.bottom) continue;
      const key = card.getAttribute('data-entry-key') ?? '';
      onScreen.push(key);
      const image = (card as unknown as { querySelector(selector: string): PageElement | null }).querySelector('img');
      if (image?.complete && image.naturalWidth > 0) loaded.push(key);
    }
    return { onScreen, loaded };
  });
}

test('shows images as a thumbnail grid: one request per image on screen, none again when scrolled back', async ({ app }) => {
  await openSpace(app);
  await app.getByTestId('type-filter').selectOption('image');
  await expect(app.getByTestId('entry-count')).toHaveText(`${IMAGES} items`);
  const browserRequests: string[] = [];
  app.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/thumbnail') browserRequests.push(request.url());
  });
  service.requests.clear();
  await app.getByTestId('view-grid').click();
  await expect(grid(app)).toBeVisible();
  await expect(app.getByTestId('view-grid')).toHaveAttribute('aria-pressed', 'true');

  // Scroll down the whole grid a screen at a time, letting every image on screen arrive.
  const seen = new Set<string>();
  for (let step = 0; step < 100; step++) {
    await expect.poll(async () => {
      const { onScreen, loaded } = await loadedImagesOnScreen(app);
      return onScreen.length > 0 && loaded.length === onScreen.length;
    }).toBe(true);
    for (const key of (await loadedImagesOnScreen(app)).onScreen) seen.add(key);
    const atEnd = await grid(app).evaluate((el: { scrollTop: number; scrollHeight: number; clientHeight: number }) => {
      if (el.scrollTop + el.clientHeight >= el.scrollHeight - 1) return true;
      el.scrollTop += el.clientHeight;
      return false;
    });
    if (atEnd) break;
  }
  expect(seen.size).toBe(IMAGES);
  // Each image was asked for once by the page, and the service was asked once per image.
  expect(new Set(browserRequests).size).toBe(browserRequests.length);
  expect(browserRequests.length).toBeLessThanOrEqual(seen.size);
  const thumbnailCalls = service.requests.count(THUMBNAIL_ROUTE);
  expect(thumbnailCalls).toBeLessThanOrEqual(seen.size);
  // The size asked for is the card's, in device pixels, cut square.
  const asked = new URL(browserRequests[0]!).searchParams;
  expect(asked.get('fit')).toBe('crop');
  const cardWidth = await app.getByTestId('thumbnail-card').first().evaluate((el: PageElement) => (el as unknown as { clientWidth: number }).clientWidth);
  expect(Number(asked.get('size'))).toBeGreaterThanOrEqual(cardWidth);
  expect(Number(asked.get('size'))).toBeLessThan(cardWidth + 64);

  // Back to the top: the images show again from the browser's cache, with no request anywhere.
  const requestsBefore = browserRequests.length;
  await grid(app).evaluate((el: { scrollTop: number }) => (el.scrollTop = 0));
  await expect.poll(async () => {
    const { onScreen, loaded } = await loadedImagesOnScreen(app);
    return onScreen.length > 0 && loaded.length === onScreen.length;
  }).toBe(true);
  await app.screenshot({ path: 'test-results/fs-grid.png' });
  expect(browserRequests.length).toBe(requestsBefore);
  expect(service.requests.count(THUMBNAIL_ROUTE)).toBe(thumbnailCalls);

  // The keyboard moves by card (Left, Right) and by row (Up, Down).
  const columns = Number(await grid(app).getAttribute('data-columns'));
  const card = (name: string) => grid(app).locator(`[data-testid="thumbnail-card"][data-name="${name}"]`);
  const selectedCard = grid(app).locator('[data-testid="thumbnail-card"][aria-selected="true"]');
  await card('photo-001.jpg').click();
  await app.keyboard.press('ArrowDown');
  await expect(selectedCard).toHaveAttribute('data-name', `photo-${String(1 + columns).padStart(3, '0')}.jpg`);
  await app.keyboard.press('ArrowLeft');
  await expect(selectedCard).toHaveAttribute('data-name', `photo-${String(columns).padStart(3, '0')}.jpg`);
  await app.keyboard.press('ArrowUp');
  await expect(selectedCard).toHaveAttribute('data-name', 'photo-000.jpg');
  await expect(app.getByTestId('details-file-id')).toHaveText(seeded.find((f) => f.name === 'photo-000.jpg')!.id);

  // The choice is remembered for this connection: after a reload the grid is back.
  await app.reload();
  await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
  await openSpace(app);
  await expect(grid(app)).toBeVisible();
  await app.getByTestId('view-list').click();
  await expect(list(app)).toBeVisible();
});



async function dropOnList(page: Page, transfer: JSHandle<PageDataTransfer>): Promise<void> {
  const zone = page.getByTestId('browser-drop-zone');
  await zone.dispatchEvent('dragenter', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeVisible();
  await zone.dispatchEvent('dragover', { dataTransfer: transfer });
  await zone.dispatchEvent('drop', { dataTransfer: transfer });
  await expect(zone.getByTestId('drop-zone-overlay')).toBeHidden();
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** The service's files of this name, as it lists them. */
function storedNamed(name: string) {
  return [...service.store.files.values()].filter((f) => f.name === name);
}

function row(page: Page, name: string) {
  return list(page).locator(`[data-testid="browser-row"][data-name="${name}"]`);
}

test('uploads files dropped on the list, downloads one back byte for byte, asks on a name that exists, renames and deletes', async ({ app }) => {
  test.setTimeout(120_000);
  await openSpace(app);
  const before = seeded.length;
  await app.getByTestId('filter').fill('dropped-');
  await expect(app.getByTestId('list-empty')).toBeVisible();

  const transfer = await stageDrop(app, [
    { path: 'dropped-one.bin', size: 300_000 },
    { path: 'dropped-two.txt', size: 1234 },
  ]);
  await dropOnList(app, transfer);
  await expect(row(app, 'dropped-one.bin')).toBeVisible({ timeout: 30_000 });
  await expect(row(app, 'dropped-two.txt')).toBeVisible();
  const sent = await droppedBytes(app, 'dropped-one.bin');
  const [stored] = storedNamed('dropped-one.bin');
  expect(stored).toBeDefined();
  const onService = Buffer.from(await (await fetch(`${service.url}/file/${stored!.id}`)).arrayBuffer());
  expect(sha256(onService)).toBe(sha256(sent));

  // Downloaded back through the app: the same bytes.
  await row(app, 'dropped-one.bin').click();
  await expect(app.getByTestId('details-file-id')).toHaveText(stored!.id);
  await expect(app.getByTestId('details-maintype')).toHaveText(stored!.maintype);
  const download = app.waitForEvent('download');
  await app.getByTestId('download').click();
  const file = await (await download).path();
  expect(sha256(await readFile(file))).toBe(sha256(sent));

  // The same name again: the app asks, as for any service; skipping leaves one file of that name.
  const again = await stageDrop(app, [{ path: 'dropped-two.txt', size: 99 }]);
  await dropOnList(app, again);
  const conflict = app.getByTestId('conflict-dialog');
  await expect(conflict).toBeVisible({ timeout: 30_000 });
  await conflict.getByTestId('conflict-skip').click();
  await expect(conflict).toBeHidden();
  expect(storedNamed('dropped-two.txt')).toHaveLength(1);
  expect(storedNamed('dropped-two.txt')[0]!.size).toBe(1234);

  // What the service cannot do is offered disabled, with the reason; rename and delete it can.
  await row(app, 'dropped-two.txt').click({ button: 'right' });
  await expect(app.getByTestId('menu-move-to')).toBeDisabled();
  await expect(app.getByTestId('menu-copy-to')).toBeDisabled();
  await app.getByTestId('menu-rename').click();
  const rename = app.getByTestId('rename-dialog');
  await rename.getByRole('textbox').fill('dropped-renamed.txt');
  await rename.getByRole('textbox').press('Enter');
  await expect(rename).toBeHidden();
  await expect(row(app, 'dropped-renamed.txt')).toBeVisible();
  await expect(row(app, 'dropped-two.txt')).toHaveCount(0);
  expect(storedNamed('dropped-renamed.txt')).toHaveLength(1);

  await row(app, 'dropped-renamed.txt').click();
  await app.keyboard.press('Delete');
  await app.getByTestId('delete-confirm').click();
  await expect(row(app, 'dropped-renamed.txt')).toHaveCount(0);
  expect(storedNamed('dropped-renamed.txt')).toHaveLength(0);
  await app.getByTestId('filter').fill('');
  await expect(app.getByTestId('entry-count')).toHaveText(`${before + 1} items`);
});

test('shows the service’s usage, and the view in Chinese', async ({ app }) => {
  await openSpace(app);
  await app.getByTestId('toggle-usage').click();
  const panel = app.getByTestId('usage-panel');
  for (const [scope, path] of [['service', '/file/stat'], ['self', '/file/stat/self']] as const) {
    const stat = (await (await fetch(`${service.url}${path}`)).json()) as { count: Record<string, number>; size: Record<string, number> };
    for (const [type, key] of [['total', 'total'], ['image', 'images'], ['audio', 'audio'], ['video', 'video']] as const) {
      const bar = panel.getByTestId(`usage-${scope}-${type}`);
      await expect(bar).toHaveAttribute('data-count', String(stat.count[key]));
      await expect(bar).toHaveAttribute('data-bytes', String(stat.size[key]));
    }
  }
  expect(await panel.getByTestId('usage-service-image').getAttribute('data-count')).toBe(String(seeded.filter((f) => f.maintype === 'image').length));
  await expect(panel.getByTestId('usage-service-total')).toContainText('files');

  try {
    await app.getByTestId('open-settings').click();
    await app.getByTestId('settings-language').selectOption('zh-CN');
    await app.keyboard.press('Escape');
    await expect(app.getByTestId('settings-language')).toHaveCount(0);
    await expect(app.getByTestId('toggle-usage')).toHaveText('用量');
    await expect(panel.getByTestId('usage-service-total')).toContainText('个文件');
    await expect(app.getByTestId('file-service-bar')).toContainText('类型');
    await expect(app.getByTestId('type-filter').locator('option[value="image"]')).toHaveText('图片');
    await expect(app.getByTestId('view-grid')).toHaveAttribute('title', '缩略图');
    await app.getByTestId('view-grid').click();
    await expect(grid(app)).toBeVisible();
    await app.screenshot({ path: 'test-results/fs-zh.png' });
  } finally {
    await app.getByTestId('open-settings').click();
    await app.getByTestId('settings-language').selectOption('en');
    await app.keyboard.press('Escape');
  }
  await app.getByTestId('view-list').click();
});

test('holds its layout 900 px wide: toolbars fit, names stay readable, the grid takes fewer columns', async ({ app }) => {
  await openSpace(app);
  await app.getByTestId('view-grid').click();
  // Measured 1440 px wide: below 1120 px the details panel floats over the list, so 900 px gives the grid about as much room as 1280 px does.
  await app.setViewportSize({ width: 1440, height: 800 });
  await expect.poll(async () => Number(await grid(app).getAttribute('data-columns'))).toBeGreaterThan(4);
  const wideColumns = Number(await grid(app).getAttribute('data-columns'));
  await app.setViewportSize({ width: 900, height: 700 });
  try {
    await expect.poll(async () => Number(await grid(app).getAttribute('data-columns'))).toBeLessThan(wideColumns);
    await app.screenshot({ path: 'test-results/fs-900-grid.png' });
    const fits = (testId: string) => app.getByTestId(testId).evaluate((el: PageElement) => el.getBoundingClientRect().left >= 0 && (el.getBoundingClientRect() as unknown as { right: number }).right <= 900);
    for (const testId of ['toggle-details', 'filter', 'download', 'type-filter', 'view-grid', 'toggle-usage']) expect(await fits(testId), testId).toBe(true);
    const cardsInside = await grid(app).evaluate((el: PageElement & { querySelectorAll(s: string): Iterable<PageElement> }) => {
      const right = (el.getBoundingClientRect() as unknown as { right: number }).right;
      return [...el.querySelectorAll('[data-testid="thumbnail-card"]')].every((card) => (card.getBoundingClientRect() as unknown as { right: number }).right <= right);
    });
    expect(cardsInside).toBe(true);
    await app.getByTestId('view-list').click();
    const nameWidth = await list(app).locator('[data-testid="browser-row"] .browser-cell-name').first().evaluate((el: PageElement) => (el.getBoundingClientRect() as unknown as { width: number }).width);
    expect(nameWidth).toBeGreaterThanOrEqual(120);
    await app.screenshot({ path: 'test-results/fs-900-list.png' });
  } finally {
    await app.setViewportSize({ width: 1280, height: 800 });
  }
});
