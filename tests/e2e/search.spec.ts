/**
 * Search across the folders of a package: Ctrl+F puts the keyboard in the
 * search box, the results (objects and folders, from every folder, by name,
 * ignoring case) list with the folder each is in, a new query stops the walk
 * in flight in main (search.cancel for its id), and a result opens its folder
 * with it selected. One check runs in 简体中文.
 */
import type { Page, Request } from '@playwright/test';
import { expect, openApp, test } from './fixtures';
import { crumbs, list, makePackage, numberedFiles, openPackage, row, selectedNames, startDataNode, uploadFiles, type DataNode } from './browser-support';

let node: DataNode;
const FILLER = 1_500;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Search node');
  const { packageId } = await makePackage(node.client, 'find', 'papers');
  await uploadFiles(node.client, packageId, [
    // Enough objects before the last match that the walk takes more than one step.
    ...numberedFiles('bulk/', FILLER),
    { path: 'docs/report-2024.txt', body: Buffer.from('r') },
    { path: 'docs/notes.md', body: Buffer.from('n') },
    { path: 'docs/Reports/q1.txt', body: Buffer.from('q1') },
    { path: 'photos/报告/图片.png', body: Buffer.from('p') },
    { path: 'top-REPORT.txt', body: Buffer.from('t') },
    { path: 'zz/late-report.txt', body: Buffer.from('l') },
  ]);
});

test.afterAll(async () => {
  await node?.stop();
});

const results = (page: Page) => page.getByTestId('search-result');
/** What the page gives evaluateAll: only the members used (the tests' tsconfig has no DOM types). */
interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number };
}
const resultPaths = (page: Page) => results(page).evaluateAll((rows: PageElement[]) => rows.map((r) => ({ path: r.getAttribute('data-path') ?? '', top: r.getBoundingClientRect().top })).sort((a, b) => a.top - b.top).map((r) => r.path));
const searchIdOf = (request: Request) => (request.postDataJSON() as { searchId: string }).searchId;

test('finds objects and folders in every folder, stops a replaced search, and opens a result in its folder', async ({ app }) => {
  await openPackage(app, node, 'find', 'papers');
  await row(app, 'docs').click();
  // Ctrl+F from the list: to the search box, not the browser's find bar.
  await app.keyboard.press('Control+f');
  const input = app.getByTestId('search-input');
  await expect(input).toBeFocused();

  // A query replaced while its walk runs: that walk is cancelled in main by its id, and only the new query's results show.
  const firstStep = app.waitForRequest((r) => r.url().endsWith('/api/call/search.page') && (r.postDataJSON() as { query: string }).query === 'nothing-is-named-so');
  await input.fill('nothing-is-named-so');
  const replacedId = searchIdOf(await firstStep);
  const cancelled = app.waitForRequest((r) => r.url().endsWith('/api/call/search.cancel') && searchIdOf(r) === replacedId);
  await input.fill('REPORT');
  await cancelled;

  const view = app.getByTestId('search-results');
  await expect(view).toHaveAttribute('data-state', 'settled');
  await expect(view).toHaveAttribute('data-query', 'REPORT');
  expect(await resultPaths(app)).toEqual(['docs/Reports/', 'docs/report-2024.txt', 'top-REPORT.txt', 'zz/late-report.txt']);
  await expect(app.getByTestId('search-status')).toHaveText(`4 matches in ${(FILLER + 6).toLocaleString('en')} objects`);
  await expect(results(app).filter({ hasText: 'report-2024.txt' })).toContainText('in docs');
  await expect(results(app).filter({ hasText: 'top-REPORT.txt' })).toContainText('at the top');
  await expect(list(app)).toHaveCount(0);

  // A result opens its folder with it selected; the search ends.
  await results(app).filter({ hasText: 'report-2024.txt' }).click();
  await expect.poll(() => crumbs(app)).toEqual(['find', 'papers', 'docs']);
  await expect(row(app, 'report-2024.txt')).toHaveAttribute('aria-selected', 'true');
  expect(await selectedNames(app)).toEqual(['report-2024.txt']);
  await expect(input).toHaveValue('');
  await expect(app.getByTestId('search-results')).toHaveCount(0);

  // From the keyboard: Ctrl+F, type, Enter into the results, Down, Enter opens the second one (a folder: its parent, it selected).
  await app.keyboard.press('Control+f');
  await app.keyboard.type('q1');
  await expect(view).toHaveAttribute('data-state', 'settled');
  await expect.poll(() => resultPaths(app)).toEqual(['docs/Reports/q1.txt']);
  await input.fill('reports');
  await expect.poll(() => resultPaths(app)).toEqual(['docs/Reports/']);
  await input.press('Enter');
  await app.keyboard.press('Enter');
  await expect.poll(() => crumbs(app)).toEqual(['find', 'papers', 'docs']);
  await expect(row(app, 'Reports')).toHaveAttribute('aria-selected', 'true');

  // Escape clears the search and gives the folder back.
  await app.keyboard.press('Control+f');
  await app.keyboard.type('late');
  await expect.poll(() => resultPaths(app)).toEqual(['zz/late-report.txt']);
  await input.press('Escape');
  await expect(list(app)).toBeVisible();
});

test('searches and says so in 简体中文', async ({ page, server }) => {
  await server.call('settings.update', { language: 'zh-CN' });
  try {
    await openApp(page, server);
    await openPackage(page, node, 'find', 'papers');
    const input = page.getByTestId('search-input');
    await expect(input).toHaveAttribute('placeholder', '搜索所有文件夹');
    await input.fill('报告');
    await expect(page.getByTestId('search-results')).toHaveAttribute('data-state', 'settled');
    expect(await resultPaths(page)).toEqual(['photos/报告/']);
    await expect(page.getByTestId('search-status')).toHaveText(`在 ${(FILLER + 6).toLocaleString('zh-CN')} 个对象中找到 1 项`);
    await expect(results(page)).toContainText('位于 photos');
    await results(page).click();
    await expect.poll(() => crumbs(page)).toEqual(['find', 'papers', 'photos']);
    await expect(row(page, '报告')).toHaveAttribute('aria-selected', 'true');
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});
