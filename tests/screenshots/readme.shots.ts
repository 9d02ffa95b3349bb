/**
 * The README's screenshots: the browser at 1024 px, the transfers panel with
 * a batch, a preview, and the Sync page. Each scene is built through the
 * server's own API on the embedded node ("This computer"), then opened by its
 * address (the place lives in the URL).
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { makeTestImage } from '../fixtures/file-storage';
import { expect, openApp, test, type HeadlessServer } from '../e2e/fixtures';

const SIZE = { width: 1024, height: 680 };
const CODE = `/** Greets whoever asks, in their language. */
export function greet(name: string, language: 'en' | 'zh-CN'): string {
  const hello = language === 'zh-CN' ? '你好' : 'Hello';
  return \`\${hello}, \${name}!\`; // the whole program
}
`;

let local: string;
let bucketRoot: string;
let packageRoot: string;

async function makeTree(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jcs-shots-'));
  const files: Record<string, Buffer | string> = {
    'README.md': '# Website\n\nThe team site: pages, styles and photos.\n',
    'src/greet.ts': CODE,
    'src/index.ts': "export { greet } from './greet';\n",
    'docs/季度报告-2026.md': '# 季度报告\n\n收入、成本与计划。\n',
    'docs/roadmap.md': '# Roadmap\n\n- search\n- previews\n- share links\n',
    'styles/site.css': 'body { font-family: system-ui; }\n',
    'notes.txt': 'Remember: previews never run what they show.\n',
    'data.csv': 'city,visits\nBeijing,1200\nShanghai,980\n',
  };
  for (let i = 0; i < 6; i++) files[`photos/harbour-${i + 1}.png`] = await makeTestImage(640, 420, 'png', (i * 41) % 256);
  for (const [path, body] of Object.entries(files)) {
    await mkdir(join(dir, path, '..'), { recursive: true });
    await writeFile(join(dir, path), body);
  }
  return dir;
}

async function waitIdle(server: HeadlessServer): Promise<void> {
  await expect.poll(async () => {
    const totals = await server.call<{ queued: number; running: number }>('transfers.totals');
    return totals.queued + totals.running;
  }, { timeout: 60_000 }).toBe(0);
}

async function open(page: Page, server: HeadlessServer, fragment: string): Promise<void> {
  await page.setViewportSize(SIZE);
  await openApp(page, server); // the token becomes a cookie
  await page.goto(`${server.url}/${fragment}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

const filesAt = (folder = '') => `#/files?conn=local&root=${encodeURIComponent(bucketRoot)}&root=${encodeURIComponent(packageRoot)}&folder=${encodeURIComponent(folder)}`;

test.beforeAll(async ({ server }) => {
  local = await makeTree();
  ({ id: bucketRoot } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: 'team' }));
  ({ id: packageRoot } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucketRoot, name: 'website' }));
  const entries = ['README.md', 'src', 'docs', 'styles', 'photos', 'notes.txt', 'data.csv'].map((p) => join(local, p));
  await server.call('transfers.uploadPaths', { connectionId: 'local', root: packageRoot, targetFolder: '', paths: entries, conflict: 'overwrite' });
  await waitIdle(server);
});

test.afterAll(async () => {
  await rm(local, { recursive: true, force: true });
});

test('the browser at 1024 px', async ({ page, server }) => {
  await open(page, server, filesAt(''));
  await expect(page.locator('[data-testid="browser-row"][data-name="README.md"]')).toBeVisible();
  await page.locator('[data-testid="browser-row"][data-name="docs/"], [data-testid="browser-row"][data-name="docs"]').first().waitFor();
  if (await page.getByTestId('details-close').isVisible()) await page.getByTestId('details-close').click(); // the list whole, with its folder sizes
  await page.locator('[data-testid="browser-row"][data-name="notes.txt"]').click();
  await page.waitForTimeout(800); // folder sizes arrive in the background
  await page.screenshot({ path: 'resources/screenshot.png' });
});

test('the transfers panel with a batch', async ({ page, server }) => {
  // The same tree again, "skip" on names that exist, plus two new files: a batch with completed and skipped files.
  await writeFile(join(local, 'photos', 'harbour-7.png'), await makeTestImage(640, 420, 'png', 200));
  await writeFile(join(local, 'docs', 'minutes.md'), '# Minutes\n');
  await server.call('transfers.uploadPaths', { connectionId: 'local', root: packageRoot, targetFolder: '', paths: ['docs', 'photos'].map((p) => join(local, p)), conflict: 'skip' });
  await waitIdle(server);
  await open(page, server, filesAt('photos/'));
  await page.getByTestId('transfers-toggle').click();
  await expect(page.getByTestId('transfers-panel')).toBeVisible();
  await page.waitForTimeout(500);
  await page.screenshot({ path: 'resources/screenshot-transfers.png' });
});

test('a preview', async ({ page, server }) => {
  await open(page, server, filesAt('src/'));
  await page.locator('[data-testid="browser-row"][data-name="greet.ts"]').dblclick();
  await expect(page.locator('.hljs-keyword').first()).toBeVisible();
  await page.screenshot({ path: 'resources/screenshot-preview.png' });
});

test('the Sync page', async ({ page, server }) => {
  const base = { connectionId: 'local', root: packageRoot, mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false }, filters: [] };
  const options = { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 50, maxPercent: 50 }, dryRun: false, trashDays: 30 };
  await server.call('sync.create', { ...base, name: 'Website drafts', localPath: join(local, 'docs'), remotePath: 'docs/', direction: 'twoWay', trigger: { type: 'Watch' }, options });
  await server.call('sync.create', { ...base, name: 'Photo backup', localPath: join(local, 'photos'), remotePath: 'photos/', direction: 'upload', trigger: { type: 'Interval', interval: 3600 }, options });
  await open(page, server, '#/sync');
  await expect(page.getByTestId('sync-page')).toBeVisible();
  await page.waitForTimeout(3000); // the first runs settle
  await page.screenshot({ path: 'resources/screenshot-sync.png' });
});
