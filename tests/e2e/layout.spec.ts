/**
 * The browser's layout at ordinary window widths, in English and 简体中文,
 * measured from the real geometry: names keep a readable column, the page
 * never scrolls sideways, the sidebar stays whole, and the parts give way in
 * order (the details panel becomes an overlay first, then the Modified column goes).
 */
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';
import { makePackage, openPackage, row, startDataNode, uploadFiles, type DataNode } from './browser-support';

interface Box {
  left: number;
  right: number;
  width: number;
}
interface PageElement {
  getBoundingClientRect(): Box;
}
declare const document: { documentElement: { scrollWidth: number; clientWidth: number }; querySelector(selector: string): PageElement | null };
declare const getComputedStyle: (element: PageElement) => { position: string; display: string };

const LONG_NAME = 'quarterly-report-of-the-northern-region-with-appendices.pdf';
const WIDTHS = [1440, 1024, 900, 800] as const;
/** A name column narrower than this shows too little of a name to tell files apart. */
const MIN_NAME_WIDTH = 160;

let node: DataNode;

test.beforeAll(async ({ server }) => {
  node = await startDataNode(server, 'Layout node');
  const { packageId } = await makePackage(node.client, 'layout', 'widths');
  await uploadFiles(node.client, packageId, [
    { path: LONG_NAME, body: Buffer.from('report') },
    { path: 'notes.txt', body: Buffer.from('notes') },
    { path: '文件夹/说明.txt', body: Buffer.from('说明') },
  ]);
});

test.afterAll(async () => {
  await node?.stop();
});

/** What a user sees of the layout, read in the page. */
function measure(page: Page) {
  return page.evaluate(() => {
    const box = (selector: string): Box | null => {
      const el = document.querySelector(selector);
      if (!el) return null;
      const r = el.getBoundingClientRect();
      return { left: r.left, right: r.right, width: r.width };
    };
    const details = document.querySelector('[data-testid="details-panel"]');
    const modified = document.querySelector('[data-testid="browser-row"] .browser-cell-modified');
    const modifiedHeader = document.querySelector('[role="columnheader"].browser-cell-modified');
    return {
      viewport: document.documentElement.clientWidth,
      scrollWidth: document.documentElement.scrollWidth,
      sidebar: box('[data-testid="sidebar"]'),
      name: box('[data-testid="browser-row"] .browser-cell-name'),
      nameHeader: box('[role="columnheader"].browser-cell-name'),
      details: box('[data-testid="details-panel"]'),
      detailsOverlay: details ? getComputedStyle(details).position === 'absolute' : null,
      modifiedShown: modified ? getComputedStyle(modified).display !== 'none' && modified.getBoundingClientRect().width > 0 : false,
      modifiedHeaderShown: modifiedHeader ? getComputedStyle(modifiedHeader).display !== 'none' && modifiedHeader.getBoundingClientRect().width > 0 : false,
    };
  });
}

type Layout = Awaited<ReturnType<typeof measure>>;

/** How much of the name column a user sees: its width, less what an overlaid details panel covers. */
function visibleNameWidth(m: Layout, box: Box | null): number {
  if (!box) return 0;
  const right = m.detailsOverlay && m.details ? Math.min(box.right, m.details.left) : box.right;
  return Math.max(0, right - box.left);
}

function expectHolds(m: Layout, label: string): void {
  expect(m.scrollWidth, `${label}: the page scrolls sideways`).toBeLessThanOrEqual(m.viewport);
  expect(m.sidebar, label).not.toBeNull();
  expect(m.sidebar!.left, `${label}: sidebar cut off`).toBeGreaterThanOrEqual(0);
  expect(m.sidebar!.right, `${label}: sidebar cut off`).toBeLessThanOrEqual(m.viewport);
  expect(m.sidebar!.width, `${label}: sidebar squeezed`).toBeGreaterThanOrEqual(200);
  expect(visibleNameWidth(m, m.name), `${label}: name column`).toBeGreaterThanOrEqual(MIN_NAME_WIDTH);
  expect(visibleNameWidth(m, m.nameHeader), `${label}: name header`).toBeGreaterThanOrEqual(MIN_NAME_WIDTH);
  expect(m.details, `${label}: details panel`).not.toBeNull();
  expect(m.details!.right, `${label}: details panel cut off`).toBeLessThanOrEqual(m.viewport);
}

for (const language of ['en', 'zh-CN'] as const) {
  test(`holds at 1440, 1024, 900 and 800 px with the details panel open, giving way in order (${language})`, async ({ app, server }) => {
    await server.call('settings.update', { language });
    try {
      await app.setViewportSize({ width: 1440, height: 700 });
      await app.reload();
      await expect(app.locator('[data-app-state="loaded"]')).toBeVisible();
      await openPackage(app, node, 'layout', 'widths');
      await row(app, LONG_NAME).click();
      await expect(app.getByTestId('details-panel')).toBeVisible();
      for (const width of WIDTHS) {
        await app.setViewportSize({ width, height: 700 });
        const m = await measure(app);
        const label = `${language} at ${width} px`;
        expectHolds(m, label);
        // 1. The details panel gives way first: beside the list while a full list still fits next to it, over it below that.
        expect(m.detailsOverlay, `${label}: details panel overlaid`).toBe(width < 1100);
        // 2. The Modified column stays as long as the panel can get out of the way instead.
        expect(m.modifiedShown, `${label}: Modified column shown`).toBe(true);
        expect(m.modifiedHeaderShown, `${label}: Modified header shown`).toBe(true);
      }
      // Narrower still, the Modified column goes, and names keep their room.
      await app.setViewportSize({ width: 640, height: 700 });
      const narrow = await measure(app);
      expectHolds(narrow, `${language} at 640 px`);
      expect(narrow.modifiedShown, 'Modified column at 640 px').toBe(false);
      expect(narrow.modifiedHeaderShown, 'Modified header at 640 px').toBe(false);

      // Over the list, the panel carries its own close button; closing it gives the list back.
      await app.setViewportSize({ width: 900, height: 700 });
      await app.getByTestId('details-close').click();
      await expect(app.getByTestId('details-panel')).toHaveCount(0);
      await expect(app.getByTestId('toggle-details')).toHaveAttribute('aria-pressed', 'false');
      await app.getByTestId('toggle-details').click();
      await expect(app.getByTestId('details-panel')).toBeVisible();
    } finally {
      await app.setViewportSize({ width: 1280, height: 800 });
      await server.call('settings.update', { language: 'system' });
    }
  });
}

test('the whole column header sorts, not just its words', async ({ app }) => {
  await openPackage(app, node, 'layout', 'widths');
  await expect(row(app, LONG_NAME)).toBeVisible();
  const header = (column: string) => app.locator(`[role="columnheader"].browser-cell-${column}`);
  /** Clicks a header cell at a point away from its label: a corner the words do not reach. */
  const clickCorner = async (column: string, corner: 'top-right' | 'bottom-left') => {
    const box = (await header(column).boundingBox())!;
    await header(column).click({ position: corner === 'top-right' ? { x: box.width - 3, y: 2 } : { x: 3, y: box.height - 2 } });
  };
  await expect(header('name')).toHaveAttribute('aria-sort', 'ascending');
  await clickCorner('name', 'top-right');
  await expect(header('name')).toHaveAttribute('aria-sort', 'descending');
  // Size is right-aligned: its empty side is the left.
  await clickCorner('size', 'bottom-left');
  await expect(header('size')).toHaveAttribute('aria-sort', 'ascending');
  await expect(header('name')).toHaveAttribute('aria-sort', 'none');
  await clickCorner('modified', 'top-right');
  await expect(header('modified')).toHaveAttribute('aria-sort', 'ascending');
  await clickCorner('name', 'bottom-left');
  await expect(header('name')).toHaveAttribute('aria-sort', 'ascending');
});
