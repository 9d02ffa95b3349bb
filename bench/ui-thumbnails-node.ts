/**
 * bench:ui's thumbnail grid on the storage node (a service that makes no
 * thumbnails: main makes them with sharp and keeps them by content hash):
 * 2,000 images in one folder of a package, shown as the grid, flung down to
 * the end, read slowly back up, flung to the top. Figures: frame times, and
 * thumbnail requests per image that was on screen (the page's requests, the
 * ones that reached the server, and thumbnails main made, counted as the
 * files in the app's thumbnail cache).
 */
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { makeTestImage } from '../tests/fixtures/file-storage';
import { round } from './bench-utils';
import type { AppUnderTest } from './ui-file-storage-cases';
import { measureGridScrolling, preparePage, type FrameStats } from './ui-page-probes';

const IMAGES = Number(process.env.BENCH_UI_NODE_IMAGES ?? 2_000);

export interface NodeUnderTest {
  url: string;
  /** The app's data folder (its thumbnail cache is `thumbnails/` there). */
  appDataDir: string;
}

async function madeThumbnails(appDataDir: string): Promise<number> {
  const names = await readdir(join(appDataDir, 'thumbnails')).catch(() => [] as string[]);
  return names.filter((name) => name.endsWith('.jpg')).length;
}

function roundStats<T extends FrameStats>(stats: T): T {
  return { ...stats, p50: round(stats.p50, 2), p95: round(stats.p95, 2), p99: round(stats.p99, 2), max: round(stats.max, 2), longestTaskMs: round(stats.longestTaskMs) };
}

async function openImages(app: AppUnderTest, page: Page): Promise<void> {
  await page.getByTestId('tree-connection').filter({ hasText: 'Bench gallery' }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator('[data-testid="entity-row"][data-name="gallery"]').dblclick();
  await page.getByTestId('packages-table').locator('[data-testid="entity-row"][data-name="gallery"]').dblclick();
  await page.locator('[data-testid="browser-row"][data-name="images"]').dblclick();
  await page.locator('[data-testid="browser-row"][data-kind="object"]').first().waitFor();
  app.log('node thumbnail grid: folder open');
}

export async function nodeThumbnailGridCase(app: AppUnderTest, node: NodeUnderTest) {
  app.log(`node thumbnail grid: uploading ${IMAGES} images`);
  const client = new JcsClient({ baseUrl: node.url });
  const bucket = await client.createBucket('gallery');
  const pkg = await client.createPackage(bucket.bucketID, 'gallery');
  for (let start = 0; start < IMAGES; start += 200) {
    const files = [];
    // Distinct images (the cache is by content: equal images would share one thumbnail).
    for (let i = start; i < Math.min(IMAGES, start + 200); i++) files.push({ path: `images/image-${String(i).padStart(5, '0')}.jpg`, body: await makeTestImage(320, 240, 'jpeg', i % 256) });
    await client.uploadObjects(pkg.packageID, files);
  }
  client.close();
  const response = await fetch(`${app.appUrl}/api/call/connections.add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
    body: JSON.stringify({ name: 'Bench gallery', kind: 'jcs', config: { baseUrl: node.url } }),
  });
  if (!((await response.json()) as { ok: boolean }).ok) throw new Error('connections.add failed');

  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await preparePage(page);
  await page.goto(`${app.appUrl}/?token=${app.token}`);
  await page.locator('[data-app-state="loaded"]').waitFor();
  await openImages(app, page);
  const pageRequests: string[] = [];
  page.on('request', (request) => {
    if (new URL(request.url()).pathname === '/api/thumbnail') pageRequests.push(request.url());
  });
  await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
  const madeBefore = await madeThumbnails(node.appDataDir);
  await page.getByTestId('view-grid').click();
  // Paged by token: the grid holds every image once the pages have come (it asks for them as it scrolls, too).
  await page.locator('[data-testid="thumbnail-grid"]').waitFor();
  await page.locator('[data-testid="thumbnail-image"]').first().waitFor();
  const columns = Number(await page.getByTestId('thumbnail-grid').getAttribute('data-columns'));

  const pass = async (step: number, frames: number) => {
    const before = pageRequests.length;
    const stats = await measureGridScrolling(page, { frames, step });
    await page.waitForTimeout(1500); // the view has stopped: the images on screen are made and arrive
    const { visibleImages, ...frameStats } = stats;
    return { visible: visibleImages, frames: roundStats(frameStats), pageRequests: pageRequests.length - before, visibleImages: visibleImages.length };
  };
  const flingDown = await pass(240, 5000);
  const slowUp = await pass(-16, 900);
  const flingUp = await pass(-240, 5000);
  const entries = Number(await page.getByTestId('thumbnail-grid').getAttribute('data-entry-count'));
  const visible = new Set([...flingDown.visible, ...slowUp.visible, ...flingUp.visible]);
  const distinct = new Set(pageRequests).size;
  const network = await page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/thumbnail?') && (e as unknown as { transferSize: number }).transferSize > 0).map((e) => e.name));
  const made = (await madeThumbnails(node.appDataDir)) - madeBefore;
  const describe = ({ visible: _keys, ...rest }: Awaited<ReturnType<typeof pass>>) => rest;
  app.log(`node thumbnail grid: fling down p95 ${flingDown.frames.p95} ms; slow up p95 ${slowUp.frames.p95} ms, ${slowUp.pageRequests} requests for ${slowUp.visibleImages} images on screen; ${made} thumbnails made`);
  await page.close();
  return {
    images: IMAGES,
    entriesInGrid: entries,
    columns,
    flingDown: describe(flingDown),
    slowReadUp: describe(slowUp),
    flingUp: describe(flingUp),
    visibleImages: visible.size,
    pageRequests: pageRequests.length,
    distinctThumbnailUrls: distinct,
    thumbnailsMade: made,
    pageRequestsPerVisibleThumbnail: round(pageRequests.length / Math.max(1, visible.size), 3),
    thumbnailsMadePerVisibleThumbnail: round(made / Math.max(1, visible.size), 3),
    repeatedPageRequests: pageRequests.length - distinct,
    networkRequests: network.length,
    repeatedNetworkRequests: network.length - new Set(network).size,
    scrollP95Ms: Math.max(flingDown.frames.p95, slowUp.frames.p95, flingUp.frames.p95),
  };
}
