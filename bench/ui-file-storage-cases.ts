/**
 * bench:ui's File Storage cases, in headless mode against the File Storage
 * fixture server (seed 002, real sharp thumbnails) on loopback:
 * - a list of 20,000 files the service sorts and pages by offset: time from
 *   opening the space to the first file rows, frame times while scrolling
 *   (steady, and jumps that land on pages not fetched yet), list requests;
 * - a thumbnail grid of 2,000 images: frame times while it scrolls down and
 *   back up, and thumbnail requests per image that was on screen (the page's
 *   requests to the app, and the app's to the service).
 */
import type { Browser, Page } from 'playwright-core';
import { makeTestImage, startFileStorageServer, type FileStorageServer, type SeedFile } from '../tests/fixtures/file-storage';
import { round } from './bench-utils';
import { measureGridScrolling, measureScrolling, preparePage, timeUntil, type FrameStats } from './ui-page-probes';

const FILES = Number(process.env.BENCH_UI_FS_FILES ?? 20_000);
const IMAGES = Number(process.env.BENCH_UI_FS_IMAGES ?? 2_000);
const THUMBNAIL_ROUTE = 'GET /file/thumbnail/:file';

export interface AppUnderTest {
  browser: Browser;
  appUrl: string;
  token: string;
  log: (message: string) => void;
}

async function addConnection(app: AppUnderTest, name: string, service: FileStorageServer): Promise<void> {
  const response = await fetch(`${app.appUrl}/api/call/connections.add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` },
    body: JSON.stringify({ name, kind: 'file-storage', config: { baseUrl: service.url } }),
  });
  const added = (await response.json()) as { ok: boolean; error?: { message: string } };
  if (!added.ok) throw new Error(`connections.add: ${added.error?.message}`);
}

async function openApp(app: AppUnderTest): Promise<Page> {
  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await preparePage(page);
  await page.goto(`${app.appUrl}/?token=${app.token}`);
  await page.locator('[data-app-state="loaded"]').waitFor();
  return page;
}

/** Opens the connection's space; resolves with the ms from the double-click to the first element matching `ready`. */
async function openSpace(page: Page, connection: string, ready: string): Promise<number> {
  await page.getByTestId('tree-connection').filter({ hasText: connection }).getByTestId('tree-row').first().click();
  const space = page.locator('[data-testid="entity-row"][data-name="File Storage"]');
  await space.waitFor();
  const first = await timeUntil(page, 'dblclick', ready);
  await space.dblclick();
  return first.result;
}

function roundStats<T extends FrameStats>(stats: T): T {
  return { ...stats, p50: round(stats.p50, 2), p95: round(stats.p95, 2), p99: round(stats.p99, 2), max: round(stats.max, 2), longestTaskMs: round(stats.longestTaskMs) };
}

export async function fileStorageListCase(app: AppUnderTest) {
  const service = await startFileStorageServer();
  try {
    app.log(`File Storage: seeding ${FILES} files`);
    const files: SeedFile[] = [];
    for (let i = 0; i < FILES; i++) files.push({ name: `file-${String(i).padStart(6, '0')}.txt`, content: Buffer.from(`${i} `.repeat(1 + ((i * 7919) % 500))), maintype: 'text', subtype: 'plain' });
    await service.seed(files);
    await addConnection(app, 'Bench files', service);
    const page = await openApp(app);
    service.requests.clear();
    const firstRowsMs = await openSpace(page, 'Bench files', '[data-testid="browser-row"][data-kind="object"]');
    await page.locator(`[data-testid="object-list"][data-entry-count="${FILES}"]`).waitFor();
    const domRows = await page.locator('[data-testid="browser-row"]').count();
    app.log(`File Storage list: first rows after ${round(firstRowsMs)} ms`);
    const steady = await measureScrolling(page, { mode: 'steady', frames: 900, step: 240 });
    const jumps = await measureScrolling(page, { mode: 'jumps', frames: 300, step: 0 });
    app.log(`File Storage list: steady p95 ${round(steady.p95, 2)} ms, jumps p95 ${round(jumps.p95, 2)} ms`);
    const listRequests = service.requests.count('GET /file/list');
    await page.close();
    return { files: FILES, firstRowsMs: round(firstRowsMs), domRows, steadyScroll: roundStats(steady), jumpScroll: roundStats(jumps), listRequests };
  } finally {
    await service.close();
  }
}

export async function thumbnailGridCase(app: AppUnderTest) {
  const service = await startFileStorageServer();
  try {
    app.log(`thumbnail grid: seeding ${IMAGES} images`);
    const files: SeedFile[] = [];
    for (let i = 0; i < IMAGES; i++) files.push({ name: `image-${String(i).padStart(5, '0')}.jpg`, content: await makeTestImage(320, 240, 'jpeg', (i * 29) % 360), maintype: 'image', subtype: 'jpeg' });
    await service.seed(files);
    await addConnection(app, 'Bench images', service);
    const page = await openApp(app);
    await openSpace(page, 'Bench images', '[data-testid="browser-row"][data-kind="object"]');
    const pageRequests: string[] = [];
    page.on('request', (request) => {
      if (new URL(request.url()).pathname === '/api/thumbnail') pageRequests.push(request.url());
    });
    // Resource Timing tells a fetch that reached the server (transferSize > 0) from one the browser's cache answered.
    await page.evaluate(() => performance.setResourceTimingBufferSize(100_000));
    service.requests.clear();
    await page.getByTestId('view-grid').click();
    await page.locator(`[data-testid="thumbnail-grid"][data-entry-count="${IMAGES}"]`).waitFor();
    await page.locator('[data-testid="thumbnail-image"]').first().waitFor();
    const columns = Number(await page.getByTestId('thumbnail-grid').getAttribute('data-columns'));

    // A fling down to the end (240 px a frame: the view flies past), a slow read back up (16 px a frame:
    // images load as they come into view), then a fling back to the top.
    const fetchedOverNetwork = () =>
      page.evaluate(() => performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/thumbnail?') && (e as unknown as { transferSize: number }).transferSize > 0).map((e) => e.name));
    const requestsNow = () => ({ page: pageRequests.length, service: service.requests.count(THUMBNAIL_ROUTE) });
    const pass = async (step: number, frames: number) => {
      const before = requestsNow();
      const stats = await measureGridScrolling(page, { frames, step });
      await page.waitForTimeout(600); // the view has stopped: the images on screen arrive
      const after = requestsNow();
      const { visibleImages, ...frameStats } = stats;
      return { visible: visibleImages, frames: roundStats(frameStats), pageRequests: after.page - before.page, serviceRequests: after.service - before.service, visibleImages: visibleImages.length };
    };
    const flingDown = await pass(240, 5000);
    const slowUp = await pass(-16, 900);
    const flingUp = await pass(-240, 5000);
    const visible = new Set([...flingDown.visible, ...slowUp.visible, ...flingUp.visible]);
    const distinct = new Set(pageRequests).size;
    const network = await fetchedOverNetwork();
    const describe = ({ visible: _keys, ...rest }: Awaited<ReturnType<typeof pass>>) => rest;
    app.log(`thumbnail grid: fling down p95 ${flingDown.frames.p95} ms, ${flingDown.pageRequests} requests; slow up p95 ${slowUp.frames.p95} ms, ${slowUp.pageRequests} requests for ${slowUp.visibleImages} images on screen; fling up ${flingUp.pageRequests} requests`);
    await page.close();
    return {
      images: IMAGES,
      columns,
      flingDown: describe(flingDown),
      slowReadUp: describe(slowUp),
      flingUp: describe(flingUp),
      visibleImages: visible.size,
      pageRequests: pageRequests.length,
      distinctThumbnailUrls: distinct,
      serviceRequests: service.requests.count(THUMBNAIL_ROUTE),
      pageRequestsPerVisibleThumbnail: round(pageRequests.length / Math.max(1, visible.size), 3),
      serviceRequestsPerVisibleThumbnail: round(service.requests.count(THUMBNAIL_ROUTE) / Math.max(1, visible.size), 3),
      /** Requests the page issued for a URL it had asked for before (answered by the browser's cache or not). */
      repeatedPageRequests: pageRequests.length - distinct,
      /** Of the page's requests, those that reached the app's server, and those for a URL that had reached it before. */
      networkRequests: network.length,
      repeatedNetworkRequests: network.length - new Set(network).size,
      scrollP95Ms: Math.max(flingDown.frames.p95, slowUp.frames.p95, flingUp.frames.p95),
    };
  } finally {
    await service.close();
  }
}
