/**
 * npm run bench:ui — the object browser with one folder of 100,000 objects,
 * in headless mode (`serve`) against a real storage node, in Chromium:
 * time to the first rows, time until every entry is loaded after sorting by
 * size (and how busy the page was meanwhile), rows in the DOM, and frame
 * times while scrolling. Then the File Storage cases (ui-file-storage-cases.ts):
 * a server-paged list of 20,000 files and a thumbnail grid of 2,000 images;
 * and the same grid on the storage node, whose thumbnails main makes
 * (ui-thumbnails-node.ts).
 * Then search across folders (ui-search-case.ts): 100,000 objects in 1,000 folders.
 * Prints progress to stderr and a JSON summary as the last line of stdout.
 *
 *   BENCH_UI_OBJECTS (default 100000)   objects in the folder
 *   BENCH_UI_CASES (default jcs,file-storage,node-thumbnails,search)   which cases run
 *   BENCH_UI_NODE_IMAGES (2000)   images in the storage node's grid
 *   BENCH_UI_FS_FILES (20000), BENCH_UI_FS_IMAGES (2000)   File Storage sizes
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { repoRoot, round, stopProcess, timed } from './bench-utils';
import { fileStorageListCase, thumbnailGridCase } from './ui-file-storage-cases';
import { nodeThumbnailGridCase } from './ui-thumbnails-node';
import { addJcsConnection, searchCase } from './ui-search-case';
import { heapAfterGcMb, measureScrolling, preparePage, recordLongTasks, timeUntil, type FrameStats } from './ui-page-probes';

const OBJECTS = Number(process.env.BENCH_UI_OBJECTS ?? 100_000);
const CASES = new Set((process.env.BENCH_UI_CASES ?? 'jcs,file-storage,node-thumbnails,search').split(',').map((c) => c.trim()));
const log = (message: string) => process.stderr.write(`[bench:ui] ${message}\n`);

/** Starts a bundled CLI and resolves with the first match of `ready` in its output. */
async function startCli(args: string[], ready: RegExp): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { cwd: repoRoot, stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  const match = await new Promise<RegExpExecArray>((resolve, reject) => {
    const check = (d: Buffer) => {
      output += d.toString();
      const m = ready.exec(output);
      if (m) resolve(m);
    };
    child.stdout.on('data', check);
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.once('exit', (code) => reject(new Error(`${args[0]} exited early (${code}):\n${output}`)));
  });
  return { child, match };
}

async function fillFolder(client: JcsClient, packageId: number): Promise<number> {
  const { ms } = await timed(async () => {
    let next = 0;
    const worker = async () => {
      while (next < OBJECTS) {
        const start = next;
        next += 1000;
        const files = [];
        // Sizes vary (1 B … ~4 KB) so sorting by size has work to do.
        for (let i = start; i < Math.min(start + 1000, OBJECTS); i++) files.push({ path: `folder/file-${String(i).padStart(7, '0')}.txt`, body: Buffer.alloc(1 + ((i * 7919) % 4096), `${i} `) });
        await client.uploadObjects(packageId, files);
        if ((start / 1000) % 10 === 0) log(`uploaded ${start + files.length} of ${OBJECTS}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });
  return ms;
}

async function openFolder(page: Page, connectionName: string): Promise<number> {
  await page.getByTestId('tree-connection').filter({ hasText: connectionName }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator('[data-testid="entity-row"][data-name="bench"]').dblclick();
  await page.getByTestId('packages-table').locator('[data-testid="entity-row"][data-name="bench"]').dblclick();
  const folder = page.locator('[data-testid="browser-row"][data-name="folder"]');
  await folder.waitFor();
  // Timed in the page: from the double-click to the first file row in the DOM.
  const firstRows = await timeUntil(page, 'dblclick', '[data-testid="browser-row"][data-name^="file-"]');
  await folder.dblclick();
  return firstRows.result;
}

function roundStats(stats: FrameStats): FrameStats {
  return { ...stats, p50: round(stats.p50, 2), p95: round(stats.p95, 2), p99: round(stats.p99, 2), max: round(stats.max, 2), longestTaskMs: round(stats.longestTaskMs) };
}

async function main(): Promise<void> {
  log('building the renderer and the command-line bundles');
  execFileSync(process.execPath, ['node_modules/vite/bin/vite.js', 'build', '--config', 'vite.renderer.config.ts', '--logLevel', 'warn'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, ['scripts/run-cli.mjs', '--build-only'], { cwd: repoRoot, stdio: ['ignore', 'ignore', 'inherit'] });

  const work = await mkdtemp(join(tmpdir(), 'jcs-bench-ui-'));
  const token = randomBytes(18).toString('base64url');
  const children: ChildProcess[] = [];
  // Whatever way this process ends, the servers it started end with it.
  process.once('exit', () => children.forEach((child) => child.kill('SIGKILL')));
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] });
  try {
    const serve = await startCli(['out/cli/serve.mjs', '--port', '0', '--data', join(work, 'app'), `--token=${token}`], /open (http:\/\/\S+)\/\?token=/);
    children.push(serve.child);
    const appUrl = serve.match[1]!;
    let jcs: Record<string, unknown> | undefined;
    let jcsMet: Record<string, boolean> = {};
    if (CASES.has('jcs')) {
      const node = await startCli(['out/cli/storage-node.mjs', '--data', join(work, 'node'), '--port', '0', '--exit-with-parent'], /storage node listening on (http:\/\/\S+)/);
      children.push(node.child);
      const nodeUrl = node.match[1]!;

      const client = new JcsClient({ baseUrl: nodeUrl });
      const bucket = await client.createBucket('bench');
      const pkg = await client.createPackage(bucket.bucketID, 'bench');
      log(`filling one folder with ${OBJECTS} objects`);
      const fillMs = await fillFolder(client, pkg.packageID);
      client.close();
      const response = await fetch(`${appUrl}/api/call/connections.add`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: JSON.stringify({ name: 'Bench node', kind: 'jcs', config: { baseUrl: nodeUrl } }),
      });
      const added = (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
      if (!response.ok || !added.ok) throw new Error(`connections.add: HTTP ${response.status} ${JSON.stringify(added.error ?? {})}`);

      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await preparePage(page);
      await page.goto(`${appUrl}/?token=${token}`);
      await page.locator('[data-app-state="loaded"]').waitFor();

      log('opening the folder');
      const firstRowsMs = await openFolder(page, 'Bench node');
      log(`first rows after ${round(firstRowsMs)} ms`);

      log('sorting by size: every page loads in the background');
      const busy = await recordLongTasks(page);
      const list = page.getByTestId('object-list');
      const allLoaded = await timeUntil(page, 'click', `[data-testid="object-list"][data-complete="true"][data-entry-count="${OBJECTS}"]`, 300_000);
      await page.getByTestId('sort-size').click();
      const hintShown = await page
        .getByTestId('loading-hint')
        .waitFor({ timeout: 5000 })
        .then(() => true)
        .catch(() => false);
      const sortAllLoadedMs = await allLoaded.result;
      const backgroundLoad = await busy.stop();
      log(`all ${OBJECTS} loaded and sorted after ${round(sortAllLoadedMs)} ms (${backgroundLoad.count} long tasks, longest ${round(backgroundLoad.longestMs)} ms)`);
      const firstSorted = await list.locator('[data-testid="browser-row"]').first().getAttribute('data-name');
      const domRows = await list.locator('[data-testid="browser-row"]').count();
      const heapMb = await heapAfterGcMb(page);

      // Reversing the order re-sorts every entry at once (no page arrives to spread the work).
      const resorted = await timeUntil(page, 'click', '[data-testid="sort-size"] .browser-sort-arrow.desc');
      const resortBusy = await recordLongTasks(page);
      await page.getByTestId('sort-size').click();
      const resortMs = await resorted.result;
      const resort = await resortBusy.stop();
      log(`reversed the sort in ${round(resortMs)} ms; heap ${round(heapMb)} MB`);

      log('scrolling');
      const steady: FrameStats = await measureScrolling(page, { mode: 'steady', frames: 900, step: 240 });
      const jumps: FrameStats = await measureScrolling(page, { mode: 'jumps', frames: 300, step: 0 });
      log(`steady scroll p95 ${round(steady.p95, 2)} ms, jumps p95 ${round(jumps.p95, 2)} ms`);
      const domRowsAfterScroll = await list.locator('[data-testid="browser-row"]').count();

      const summary = {
        bench: 'ui-list',
        objects: OBJECTS,
        folderFillSeconds: round(fillMs / 1000),
        firstRowsMs: round(firstRowsMs),
        sortBySizeAllLoadedMs: round(sortAllLoadedMs),
        loadingHintShown: hintShown,
        backgroundLoadLongTasks: backgroundLoad.count,
        backgroundLoadLongestTaskMs: round(backgroundLoad.longestMs),
        firstRowAfterSort: firstSorted,
        reverseSortMs: round(resortMs),
        reverseSortLongestTaskMs: round(resort.longestMs),
        heapAfterLoadMB: round(heapMb),
        domRows,
        domRowsAfterScroll,
        steadyScroll: roundStats(steady),
        jumpScroll: roundStats(jumps),
        targets: { firstRowsMs: '<= 1000', sortBySizeAllLoadedMs: '<= 10000', reverseSortMs: '<= 50', domRows: '<= 100', steadyScrollP95Ms: '<= 20', scrollLongTasks: '0' },
        met: {
          firstRows: firstRowsMs <= 1000,
          sortAllLoaded: sortAllLoadedMs <= 10_000,
          reverseSort: resortMs <= 50,
          domRows: domRows <= 100 && domRowsAfterScroll <= 100,
          steadyScroll: steady.p95 <= 20,
          scrollLongTasks: steady.longTasks === 0 && jumps.longTasks === 0,
        },
      };
      jcs = summary;
      jcsMet = summary.met;
    }
    let fileStorage: Awaited<ReturnType<typeof fileStorageListCase>> | undefined;
    let grid: Awaited<ReturnType<typeof thumbnailGridCase>> | undefined;
    if (CASES.has('file-storage')) {
      const app = { browser, appUrl, token, log };
      fileStorage = await fileStorageListCase(app);
      grid = await thumbnailGridCase(app);
    }
    let nodeGrid: Awaited<ReturnType<typeof nodeThumbnailGridCase>> | undefined;
    if (CASES.has('node-thumbnails')) {
      const node = await startCli(['out/cli/storage-node.mjs', '--data', join(work, 'gallery-node'), '--port', '0', '--exit-with-parent'], /storage node listening on (http:\/\/\S+)/);
      children.push(node.child);
      nodeGrid = await nodeThumbnailGridCase({ browser, appUrl, token, log }, { url: node.match[1]!, appDataDir: join(work, 'app') });
    }
    let search: Awaited<ReturnType<typeof searchCase>> | undefined;
    if (CASES.has('search')) {
      const node = await startCli(['out/cli/storage-node.mjs', '--data', join(work, 'search-node'), '--port', '0', '--exit-with-parent'], /storage node listening on (http:\/\/\S+)/);
      children.push(node.child);
      await addJcsConnection(appUrl, token, 'Search node', node.match[1]!);
      search = await searchCase({ browser, appUrl, token, nodeUrl: node.match[1]!, connectionName: 'Search node', log });
    }
    const met = {
      ...jcsMet,
      ...(search ? { searchFirstResults: search.firstResultsMs <= 500 } : {}),
      ...(fileStorage ? { fileStorageFirstRows: fileStorage.firstRowsMs <= 300, fileStorageScroll: fileStorage.steadyScroll.p95 <= 20 } : {}),
      ...(nodeGrid ? { nodeThumbnailRequests: nodeGrid.repeatedNetworkRequests === 0 && nodeGrid.pageRequestsPerVisibleThumbnail <= 1 && nodeGrid.thumbnailsMadePerVisibleThumbnail <= 1, nodeThumbnailGridScroll: nodeGrid.scrollP95Ms <= 20 } : {}),
      ...(grid ? { thumbnailRequests: grid.repeatedNetworkRequests === 0 && grid.pageRequestsPerVisibleThumbnail <= 1 && grid.serviceRequestsPerVisibleThumbnail <= 1, thumbnailGridScroll: grid.scrollP95Ms <= 20 } : {}),
    };
    const all = {
      bench: 'ui-list',
      ...(jcs ?? {}),
      ...(fileStorage ? { fileStorageList: fileStorage } : {}),
      ...(grid ? { thumbnailGrid: grid } : {}),
      ...(nodeGrid ? { nodeThumbnailGrid: nodeGrid } : {}),
      ...(search ? { search } : {}),
      targets: {
        ...((jcs?.targets as Record<string, string> | undefined) ?? {}),
        ...(fileStorage ? { fileStorageFirstRowsMs: '<= 300', fileStorageScrollP95Ms: '<= 20' } : {}),
        ...(grid ? { thumbnailRequestsPerVisible: '<= 1', thumbnailGridScrollP95Ms: '<= 20' } : {}),
        ...(nodeGrid ? { nodeThumbnailRequestsPerVisible: '<= 1', nodeThumbnailGridScrollP95Ms: '<= 20' } : {}),
        ...(search ? { searchFirstResultsMs: '<= 500' } : {}),
      },
      met,
    };
    console.log(JSON.stringify(all));
  } finally {
    await browser.close();
    for (const child of children.reverse()) await stopProcess(child);
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
