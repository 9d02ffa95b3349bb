/**
 * User spaces end to end on the embedded node, in a 900 px wide window: Local
 * spaces over real temporary folders made through the form (checked as they
 * are typed, tested by the node, its refusal shown in its words), renamed;
 * a folder picked with the space's folder picker imported as a package,
 * followed to the end, opened and browsed; the package exported from its
 * menu in the sidebar to another space (files checked on disk); and a space
 * sync task between two Local spaces made through its form, watched until a
 * pass copied the files, then cancelled after confirming. The headless server
 * runs on this machine, so the test's folders are the node's.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type HeadlessServer } from './fixtures';

interface SpaceRecord {
  id: number;
  name: string;
}

test.use({ viewport: { width: 900, height: 720 } });

const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const folders: string[] = [];
const spaceRow = (page: Page, name: string) => page.locator(`[data-testid="space-row"][data-name="${name}"]`);
const treeRow = (page: Page, name: string) => page.getByRole('treeitem', { name, exact: true }).getByTestId('tree-row').first();

async function makeFolder(files: Record<string, string> = {}): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jcs-spaces-e2e-'));
  folders.push(dir);
  for (const [rel, text] of Object.entries(files)) {
    await mkdir(dirname(join(dir, rel)), { recursive: true });
    await writeFile(join(dir, rel), text);
  }
  return dir;
}

async function localSpace(server: HeadlessServer, name: string, localPath: string): Promise<SpaceRecord> {
  return server.call<SpaceRecord>('spaces.create', { connectionId: 'local', name, config: { type: 'Local', localPath }, workingDir: '' });
}

/** The page fits the window: nothing sticks out to the right. */
async function fitsWidth(page: Page): Promise<void> {
  const [scroll, client] = await Promise.all([page.evaluate<number>('document.documentElement.scrollWidth'), page.evaluate<number>('document.documentElement.clientWidth')]);
  expect(scroll).toBeLessThanOrEqual(client);
}

test.afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('creates a Local space through the form, imports a picked folder as a package, opens it, and exports it from the sidebar', async ({ app, server }) => {
  const source = await makeFolder({ 'photos/a.txt': 'alpha', 'photos/sub/b.txt': 'beta!', 'readme.md': 'not imported' });
  const target = await makeFolder();
  const name = unique('Camera');
  const targetName = unique('Backup');
  const pkg = unique('photos');
  const bucket = unique('spaces-b');
  await server.call('roots.create', { connectionId: 'local', parentId: null, name: bucket });
  await localSpace(server, targetName, target);

  await app.getByTestId('page-spaces').click();
  await expect(app.getByTestId('spaces-page')).toBeVisible();
  await expect(app.getByTestId('spaces-connection')).toHaveValue('local');

  // The form says what is missing, checks the folder as it is typed, and the node's refusal comes in its words.
  await app.getByTestId('space-new').click();
  const form = app.getByTestId('space-form');
  await form.getByTestId('space-save').click();
  await expect(form).toContainText('Enter a name.');
  await expect(form).toContainText('Enter the folder.');
  await form.getByTestId('space-name').fill(name);
  await form.getByTestId('space-local-path').fill('relative/folder');
  await form.getByTestId('space-local-path').blur();
  await expect(form).toContainText('Give an absolute path');
  await form.getByTestId('space-local-path').fill(join(source, 'missing'));
  await form.getByTestId('space-test').click();
  await expect(form.getByTestId('space-test-error')).toContainText('does not exist');
  await form.getByTestId('space-local-path').fill(source);
  await form.getByTestId('space-test').click();
  await expect(form.getByTestId('space-test-result')).toContainText('The space works');
  await fitsWidth(app);
  await form.getByTestId('space-save').click();
  await expect(form).toBeHidden();
  const row = spaceRow(app, name);
  await expect(row).toContainText('Local folder');
  await expect(row).toContainText(source);
  await expect(row.locator('td').nth(3)).toHaveText('1');
  await fitsWidth(app);

  // Rename it: the revision counts the update.
  await row.getByTestId('space-edit').click();
  await expect(form.getByTestId('space-local-path-fixed')).toHaveText(source);
  await form.getByTestId('space-name').fill(`${name}-2`);
  await form.getByTestId('space-save').click();
  await expect(form).toBeHidden();
  const renamed = spaceRow(app, `${name}-2`);
  await expect(renamed.locator('td').nth(3)).toHaveText('2');

  // Import: pick the folder one level at a time, then follow the node's job to the end.
  await renamed.getByTestId('space-import').click();
  const importing = app.getByTestId('space-import-dialog');
  await importing.getByTestId('space-import-browse').click();
  const picker = app.getByTestId('space-picker');
  await expect(picker.locator('[data-testid="space-picker-file"][data-name="readme.md"]')).toBeVisible();
  await picker.locator('[data-testid="space-picker-folder"][data-name="photos"]').click();
  await expect(picker.locator('[data-testid="space-picker-folder"][data-name="sub"]')).toBeVisible();
  await expect(picker.locator('[data-testid="space-picker-file"][data-name="a.txt"]')).toBeVisible();
  await expect(picker.getByTestId('space-picker-crumb').last()).toHaveText('photos');
  await picker.getByTestId('space-picker-choose').click();
  await expect(picker).toBeHidden();
  await expect(importing.getByTestId('space-import-path')).toHaveValue('photos');
  await expect(importing.getByTestId('space-import-name')).toHaveValue('photos');
  await importing.getByTestId('space-import-name').fill(pkg);
  await importing.getByTestId('space-import-bucket').selectOption({ label: bucket });
  await importing.getByTestId('space-import-start').click();
  const job = importing.getByTestId('space-job');
  await expect(job).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  await expect(job.getByTestId('space-job-counts')).toContainText('2 of 2 files');

  // Open the new package in the browser: the folder's content, with the sub-folder.
  await importing.getByTestId('space-import-open').click();
  await expect(importing).toBeHidden();
  const browser = app.getByTestId('object-browser');
  await expect(browser.locator('[data-testid="browser-row"][data-name="a.txt"]')).toBeVisible();
  await expect(browser.locator('[data-testid="browser-row"][data-name="sub"]')).toBeVisible();
  await expect(browser.locator('[data-testid="browser-row"][data-name="readme.md"]')).toHaveCount(0);

  // Export the package from its menu in the sidebar to the other space.
  await treeRow(app, pkg).click({ button: 'right' });
  await app.getByTestId('menu-export-to-space').click();
  const exporting = app.getByTestId('space-export-dialog');
  await expect(exporting).toContainText(`Export “${pkg}” to a user space`);
  await exporting.getByTestId('space-export-space').selectOption({ label: targetName });
  await exporting.getByTestId('space-export-path').fill('restored');
  await exporting.getByTestId('space-export-start').click();
  await expect(exporting.getByTestId('space-job')).toHaveAttribute('data-state', 'done', { timeout: 20_000 });
  expect(await readFile(join(target, 'restored/a.txt'), 'utf8')).toBe('alpha');
  expect(await readFile(join(target, 'restored/sub/b.txt'), 'utf8')).toBe('beta!');
  await exporting.getByTestId('space-export-close').click();

  // Both show on the jobs tab.
  await app.getByTestId('page-spaces').click();
  await app.getByTestId('spaces-tab-jobs').click();
  await expect(app.locator('[data-testid="space-job-row"][data-kind="import"]').filter({ hasText: pkg })).toBeVisible();
  await expect(app.locator('[data-testid="space-job-row"][data-kind="export"]').first()).toContainText(`${targetName}:/restored`);
  await fitsWidth(app);
});

test('syncs a space folder to another space on an interval, shows the pass, refuses to delete a space in use, and cancels the task', async ({ app, server }) => {
  const srcRoot = await makeFolder({ 'cli/a.txt': 'aaaa', 'cli/sub/b.txt': 'bbbbbbbb', 'other/x.txt': 'not synced' });
  const destRoot = await makeFolder({ 'mirror/mine.txt': 'the user had this' });
  const srcName = unique('Source');
  const destName = unique('Mirror');
  await localSpace(server, srcName, srcRoot);
  await localSpace(server, destName, destRoot);

  await app.getByTestId('page-spaces').click();
  await app.getByTestId('spaces-tab-tasks').click();
  await app.getByTestId('space-task-new').click();
  const form = app.getByTestId('space-task-form');
  await form.getByTestId('space-task-save').click();
  await expect(form.getByTestId('field-problem').first()).toHaveText('Choose a space.');

  await form.getByTestId('space-task-src-space').selectOption({ label: srcName });
  await form.getByTestId('space-task-src-path-browse').click();
  const picker = app.getByTestId('space-picker');
  await picker.locator('[data-testid="space-picker-folder"][data-name="cli"]').click();
  await picker.getByTestId('space-picker-choose').click();
  await expect(form.getByTestId('space-task-src-path')).toHaveValue('cli');
  await form.getByTestId('space-task-dest-space').selectOption({ label: srcName });
  await form.getByTestId('space-task-dest-path').fill('cli/copy');
  await form.getByTestId('space-task-save').click();
  await expect(form).toContainText('inside the source');
  await form.getByTestId('space-task-dest-space').selectOption({ label: destName });
  await form.getByTestId('space-task-dest-path').fill('mirror');
  // The first pass starts at once; an hour keeps a second one (copying nothing new) from replacing its counts during the test.
  await form.getByTestId('space-task-interval').fill('3600');
  await fitsWidth(app);
  await form.getByTestId('space-task-save').click();
  await expect(form).toBeHidden();

  const card = app.getByTestId('space-task').filter({ hasText: `${srcName}:/cli` });
  await expect(card.getByTestId('space-task-route')).toContainText(`${destName}:/mirror`);
  await expect(card).toContainText('every hour');
  // The first pass copies both files; what the destination had stays.
  await expect(card.getByTestId('space-task-counts')).toContainText('2 copied', { timeout: 20_000 });
  expect(await readFile(join(destRoot, 'mirror/a.txt'), 'utf8')).toBe('aaaa');
  expect(await readFile(join(destRoot, 'mirror/sub/b.txt'), 'utf8')).toBe('bbbbbbbb');
  expect(await readFile(join(destRoot, 'mirror/mine.txt'), 'utf8')).toBe('the user had this');
  await expect(card.getByTestId('space-task-last-run')).not.toHaveText('Not yet');
  await fitsWidth(app);
  await app.screenshot({ path: 'test-results/spaces-tasks.png' });

  // The source is in use: the node refuses to delete it, and says why.
  await app.getByTestId('spaces-tab-spaces').click();
  await spaceRow(app, srcName).getByTestId('space-delete').click();
  const confirmDelete = app.getByTestId('space-delete-dialog');
  await confirmDelete.getByRole('button', { name: 'Delete' }).click();
  await expect(confirmDelete.locator('.error-text')).toContainText('in use');
  await confirmDelete.getByRole('button', { name: 'Cancel' }).click();
  await expect(spaceRow(app, srcName)).toBeVisible();

  // Cancel the task after confirming: final.
  await app.getByTestId('spaces-tab-tasks').click();
  await card.getByTestId('space-task-cancel').click();
  const confirmCancel = app.getByTestId('space-task-cancel-dialog');
  await expect(confirmCancel).toContainText('never runs again');
  await confirmCancel.getByRole('button', { name: 'Cancel task' }).click();
  await expect(card).toHaveAttribute('data-status', 'cancelled');
  await expect(card.getByTestId('space-task-status')).toHaveText('Cancelled');
  await expect(card.getByTestId('space-task-cancel')).toHaveCount(0);
});

test('reaches a connection’s spaces from its menu in the sidebar, in 简体中文 too', async ({ app, server }) => {
  await treeRow(app, 'This computer').click({ button: 'right' });
  await app.getByTestId('menu-user-spaces').click();
  await expect(app.getByTestId('spaces-page')).toBeVisible();
  await expect(app.getByTestId('page-spaces')).toHaveAttribute('aria-current', 'page');
  const { language } = await server.call<{ language: string }>('settings.get');
  try {
    await server.call('settings.update', { language: 'zh-CN' });
    await expect(app.getByTestId('spaces-page')).toContainText('用户存储空间');
    await expect(app.getByTestId('spaces-tab-tasks')).toHaveText('同步任务');
    await app.getByTestId('space-new').click();
    await app.getByTestId('space-form').getByTestId('space-save').click();
    await expect(app.getByTestId('space-form')).toContainText('请输入名称。');
  } finally {
    await server.call('settings.update', { language });
  }
});
