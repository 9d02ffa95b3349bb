/**
 * bench:ui's search case: a package of 100,000 objects in 1,000 folders on a
 * real storage node (filled through the node's multi-file upload), searched
 * from the browser's search box in headless mode, in Chromium. Measured in
 * the page, from the input event of the query (the typing pause included)
 * until the first result is in the DOM:
 * - `firstResultsMs`: a name found in every folder (one object in each),
 *   typed into the empty box; `firstResultsOfChangedQueryMs`: the same typed
 *   over another query (the typing pause, 250 ms, included);
 * - `lastFolderOnlyMs`: a name found only in the last folder, so the walk
 *   goes through every object before the first result (the worst case);
 * and how long the first query took until the walk had gone through all.
 *
 *   BENCH_UI_SEARCH_FOLDERS (1000), BENCH_UI_SEARCH_PER_FOLDER (100)
 */
import type { Browser } from 'playwright-core';
import { JcsClient } from '../src-main/providers/jcs/jcs-client';
import { round, timed } from './bench-utils';
import { preparePage, timeUntil } from './ui-page-probes';

const FOLDERS = Number(process.env.BENCH_UI_SEARCH_FOLDERS ?? 1_000);
const PER_FOLDER = Number(process.env.BENCH_UI_SEARCH_PER_FOLDER ?? 100);
const FIRST_RESULT = '[data-testid="search-result"]';

export interface SearchBenchApp {
  browser: Browser;
  appUrl: string;
  token: string;
  /** The bench's storage node, already a connection of the app under this name. */
  nodeUrl: string;
  connectionName: string;
  log: (message: string) => void;
}

const folderName = (f: number) => `folder-${String(f).padStart(4, '0')}`;
/** Object `i` of folder `f`: one "needle" per folder (in the middle of it), one "last-one" in the last folder only. */
function objectPath(f: number, i: number): string {
  if (i === Math.floor(PER_FOLDER / 2)) return `${folderName(f)}/needle-${f}.txt`;
  if (f === FOLDERS - 1 && i === PER_FOLDER - 1) return `${folderName(f)}/zz-last-one.txt`;
  return `${folderName(f)}/item-${String(i).padStart(5, '0')}.txt`;
}

async function fill(client: JcsClient, packageId: number, log: (m: string) => void): Promise<number> {
  const { ms } = await timed(async () => {
    let next = 0;
    const perRequest = 1000;
    const worker = async () => {
      while (next < FOLDERS * PER_FOLDER) {
        const start = next;
        next += perRequest;
        const files = [];
        for (let n = start; n < Math.min(start + perRequest, FOLDERS * PER_FOLDER); n++) files.push({ path: objectPath(Math.floor(n / PER_FOLDER), n % PER_FOLDER), body: Buffer.from(`${n}`) });
        await client.uploadObjects(packageId, files);
        if ((start / perRequest) % 20 === 0) log(`search: uploaded ${start + files.length} of ${FOLDERS * PER_FOLDER}`);
      }
    };
    await Promise.all([worker(), worker(), worker()]);
  });
  return ms;
}

/** Adds the bench's node to the app as a JCS-pub connection named `name`. */
export async function addJcsConnection(appUrl: string, token: string, name: string, nodeUrl: string): Promise<void> {
  const response = await fetch(`${appUrl}/api/call/connections.add`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ name, kind: 'jcs', config: { baseUrl: nodeUrl } }),
  });
  const added = (await response.json()) as { ok: boolean; error?: { code: string; message: string } };
  if (!response.ok || !added.ok) throw new Error(`connections.add: HTTP ${response.status} ${JSON.stringify(added.error ?? {})}`);
}

export async function searchCase(app: SearchBenchApp) {
  const client = new JcsClient({ baseUrl: app.nodeUrl });
  const bucket = (await client.listBuckets()).find((b) => b.name === 'bench') ?? (await client.createBucket('bench'));
  const pkg = await client.createPackage(bucket.bucketID, 'search');
  app.log(`search: filling ${FOLDERS} folders with ${PER_FOLDER} objects each`);
  const fillMs = await fill(client, pkg.packageID, app.log);
  client.close();

  const page = await app.browser.newPage({ viewport: { width: 1280, height: 800 } });
  await preparePage(page);
  await page.goto(`${app.appUrl}/?token=${app.token}`);
  await page.locator('[data-app-state="loaded"]').waitFor();
  await page.getByTestId('tree-connection').filter({ hasText: app.connectionName }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator('[data-testid="entity-row"][data-name="bench"]').dblclick();
  await page.getByTestId('packages-table').locator('[data-testid="entity-row"][data-name="search"]').dblclick();
  await page.locator(`[data-testid="browser-row"][data-name="${folderName(0)}"]`).waitFor();
  const input = page.getByTestId('search-input');

  /**
   * Ms from the query's input event to its first result (NaN when it finds
   * nothing) and to the walk's end (or the shown limit). `after`: the query
   * replaces this one (the results view is open, so the typing pause counts);
   * otherwise it is typed into an empty box (the view opens and starts at once).
   */
  const search = async (query: string, after?: string): Promise<{ firstMs: number; walkedMs: number; shown: number }> => {
    await input.fill(after ?? '');
    if (after === undefined) await page.getByTestId('object-list').waitFor();
    else await page.locator(`[data-testid="search-results"][data-state="settled"][data-query="${after}"]`).waitFor({ timeout: 600_000 });
    const first = await timeUntil(page, 'input', FIRST_RESULT, 600_000);
    const walked = await timeUntil(page, 'input', `[data-testid="search-results"][data-state="settled"][data-query="${query}"]`, 600_000);
    await input.fill(query);
    const walkedMs = await walked.result;
    const shown = Number(await page.getByTestId('search-results').getAttribute('data-count'));
    const firstMs = shown > 0 ? await first.result : NaN;
    return { firstMs, walkedMs, shown };
  };

  // A query that finds nothing walks every object (and warms the connection and the node's caches, as a first look around would).
  const nothing = await search('nothing-is-named-so');
  app.log(`search: walked all ${FOLDERS * PER_FOLDER} objects (no match) in ${round(nothing.walkedMs)} ms`);
  const everyFolder = await search('needle');
  app.log(`search: first results after ${round(everyFolder.firstMs)} ms (${everyFolder.shown} shown after ${round(everyFolder.walkedMs)} ms)`);
  // The same query typed over another one (a query that finds nothing, so no result is on screen before): the typing pause counts.
  const edited = await search('needle', 'no-such-name');
  app.log(`search: first results of a changed query after ${round(edited.firstMs)} ms`);
  const lastFolder = await search('zz-last-one');
  app.log(`search: a match only in the last folder after ${round(lastFolder.firstMs)} ms`);
  await page.close();
  return {
    objects: FOLDERS * PER_FOLDER,
    folders: FOLDERS,
    fillSeconds: round(fillMs / 1000),
    firstResultsMs: round(everyFolder.firstMs),
    firstResultsOfChangedQueryMs: round(edited.firstMs),
    walkUntilShownLimitMs: round(everyFolder.walkedMs),
    resultsShown: everyFolder.shown,
    lastFolderOnlyMs: round(lastFolder.firstMs),
    fullWalkNoMatchMs: round(nothing.walkedMs),
  };
}
