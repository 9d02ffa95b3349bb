/**
 * bench:ui's Crust page case, in headless mode: 1,000 publish jobs (files of a
 * storage node's package, published to the embedded IPFS node with no order,
 * all through the real core), then the time from clicking the Crust tab to
 * its first rows (target ≤ 300 ms), the rows in the DOM, and frame times
 * while the list scrolls.
 *
 *   BENCH_UI_ORDERS (default 1000)   publish jobs on the page
 */
import type { Page } from 'playwright-core';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { round, timed } from './bench-utils';
import type { AppUnderTest } from './ui-file-storage-cases';
import { measureScrolling, preparePage, timeUntil, type FrameStats } from './ui-page-probes';

const ORDERS = Number(process.env.BENCH_UI_ORDERS ?? 1000);
/** `publish.start` takes at most this many targets per call. */
const TARGETS_PER_CALL = 1000;

async function call<T>(app: AppUnderTest, name: string, input: unknown): Promise<T> {
  const response = await fetch(`${app.appUrl}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${app.token}` }, body: JSON.stringify(input) });
  const body = (await response.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.code} ${body.error?.message}`);
  return body.value as T;
}

async function rootId(app: AppUnderTest, connectionId: string, name: string, parentId: string | null): Promise<string> {
  const roots = await call<Array<{ id: string; name: string }>>(app, 'roots.list', { connectionId, parentId });
  const found = roots.find((root) => root.name === name);
  if (!found) throw new Error(`no root ${name}`);
  return found.id;
}

export async function crustPageCase(app: AppUnderTest, nodeUrl: string) {
  const client = new JcsClient({ baseUrl: nodeUrl });
  const bucket = await client.createBucket('crust-bench');
  const pkg = await client.createPackage(bucket.bucketID, 'orders');
  const paths = Array.from({ length: ORDERS }, (_, i) => `order-${String(i).padStart(5, '0')}.txt`);
  for (let i = 0; i < paths.length; i += 1000) await client.uploadObjects(pkg.packageID, paths.slice(i, i + 1000).map((path) => ({ path, body: Buffer.from(`order ${path}`) })));
  client.close();
  const connection = await call<{ id: string }>(app, 'connections.add', { name: 'Crust bench', kind: 'jcs', config: { baseUrl: nodeUrl } });
  const root = await rootId(app, connection.id, 'orders', await rootId(app, connection.id, 'crust-bench', null));
  await call(app, 'publish.settings.update', { ipfsNode: 'embedded', orderRoute: 'none', chain: { url: '' }, registry: { url: '', studyId: '' } });

  app.log(`publishing ${ORDERS} files to the embedded IPFS node`);
  const { ms: publishMs } = await timed(async () => {
    for (let i = 0; i < paths.length; i += TARGETS_PER_CALL) {
      await call(app, 'publish.start', { connectionId: connection.id, root, targets: paths.slice(i, i + TARGETS_PER_CALL).map((path) => ({ type: 'object', path })) });
    }
    for (;;) {
      const { counts } = await call<{ counts: Record<string, number> }>(app, 'publish.list', { offset: 0, limit: 1 });
      if ((counts.ipfsOnly ?? 0) + (counts.failed ?? 0) >= ORDERS) break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  });
  app.log(`${ORDERS} publishes done in ${round(publishMs / 1000)} s`);

  // What one page of the list costs the core and the wire (the first rows wait for it).
  const listTimes: number[] = [];
  for (let i = 0; i < 5; i++) listTimes.push((await timed(() => call(app, 'publish.list', { offset: 0, limit: 200 }))).ms);
  const listPageMs = listTimes.sort((a, b) => a - b)[2]!;
  app.log(`publish.list of 200: ${round(listPageMs)} ms (median of 5)`);

  const page: Page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await preparePage(page);
  await page.goto(`${app.appUrl}/?token=${app.token}`);
  await page.locator('[data-app-state="loaded"]').waitFor();
  const first = await timeUntil(page, 'click', '[data-testid="crust-row"]');
  await page.getByTestId('page-crust').click();
  const firstRowsMs = await first.result;
  await page.locator(`[data-testid="crust-list"][data-total="${ORDERS}"]`).waitFor();
  const domRows = await page.getByTestId('crust-row').count();
  app.log(`Crust page: first rows after ${round(firstRowsMs)} ms, ${domRows} rows in the DOM`);
  const scroll: FrameStats = await measureScrolling(page, { mode: 'steady', frames: 300, step: 240, container: '[data-testid="crust-list"]', item: '[data-testid="crust-row"]' });
  await page.close();
  return { orders: ORDERS, publishSeconds: round(publishMs / 1000), listPageMs: round(listPageMs), firstRowsMs: round(firstRowsMs), domRows, scrollP95Ms: round(scroll.p95, 2), scrollLongTasks: scroll.longTasks, maxDomRowsWhileScrolling: scroll.maxDomRows };
}
