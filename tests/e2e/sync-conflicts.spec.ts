/**
 * Conflicts on the Sync page, end to end on the embedded node: a task with a
 * conflict says so as prominently as an error (a badge beside its status, a
 * notice in the error's style, the page's count), and the conflicts dialog
 * settles it: the folder is shown as a path to copy (headless), a choice made
 * on a list whose file changed since is refused and changes nothing, and
 * "keep theirs" then puts the package's version in place, this computer's
 * going to the trash.
 */
import { mkdtemp, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test, type HeadlessServer } from './fixtures';

interface SyncTaskView {
  id: string;
  name: string;
  conflicts: number;
  lastRunAt: number | null;
  status: string;
}

const folders: string[] = [];
const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

test.afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** Written and dated back (`ageMs`): a file written moments ago counts as still being written. */
async function settledFile(path: string, text: string, ageMs: number): Promise<void> {
  await writeFile(path, text);
  const past = new Date(Date.now() - ageMs);
  await utimes(path, past, past);
}

async function tempFolder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jcs-sync-conflicts-'));
  folders.push(dir);
  return dir;
}

async function task(server: HeadlessServer, id: string): Promise<SyncTaskView> {
  return (await server.call<SyncTaskView[]>('sync.list', {})).find((t) => t.id === id)!;
}

/** One run of the task, through the API, awaited to its end. */
async function runOnce(server: HeadlessServer, id: string): Promise<SyncTaskView> {
  const before = await task(server, id);
  await server.call('sync.runNow', { id });
  const ended = async () => {
    const now = await task(server, id);
    return now.lastRunAt !== before.lastRunAt && now.status === 'idle';
  };
  await expect.poll(ended, { timeout: 20_000 }).toBe(true);
  return task(server, id);
}

/** A two-way task whose `doc.txt` changed on both sides since its first sync: one conflict. */
async function conflictedTask(server: HeadlessServer): Promise<{ id: string; name: string; local: string }> {
  const { id: bucket } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: unique('conf-b') });
  const { id: root } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucket, name: unique('conf-p') });
  const local = await tempFolder();
  await settledFile(join(local, 'doc.txt'), 'base', 120_000);
  const name = unique('Conflicted');
  const created = await server.call<SyncTaskView>('sync.create', {
    name,
    localPath: local,
    connectionId: 'local',
    root,
    remotePath: '',
    direction: 'twoWay',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 100, maxPercent: 100 }, dryRun: false, trashDays: 30 },
  });
  await runOnce(server, created.id);
  await settledFile(join(local, 'doc.txt'), 'mine, from this computer', 60_000);
  const source = await tempFolder();
  await settledFile(join(source, 'doc.txt'), 'theirs, from the package', 60_000);
  await server.call('transfers.uploadPaths', { connectionId: 'local', root, targetFolder: '', paths: [join(source, 'doc.txt')], conflict: 'overwrite' });
  const inFlight = async () => {
    const totals = await server.call<{ queued: number; running: number }>('transfers.totals', {});
    return totals.queued + totals.running;
  };
  await expect.poll(inFlight, { timeout: 15_000 }).toBe(0);
  expect((await runOnce(server, created.id)).conflicts).toBe(1);
  return { id: created.id, name, local };
}

test('a conflict is as visible as an error, and the dialog settles it safely: a file changed since is refused, keep theirs keeps mine in the trash', async ({ app, server }) => {
  const { id, name, local } = await conflictedTask(server);
  await app.getByTestId('page-sync').click();
  const card = app.locator(`[data-testid="sync-task"][data-name="${name}"]`);

  // As prominent as an error: a danger badge beside the status, a notice in the error's style, the page's count.
  await expect(card).toHaveAttribute('data-conflicts', '1');
  const badge = card.getByTestId('sync-conflicts-badge');
  await expect(badge).toHaveText('1 conflict');
  await expect(badge).toHaveClass(/sync-tone-danger/);
  const notice = card.getByTestId('sync-conflicts-notice');
  await expect(notice).toHaveClass(/sync-notice-danger/);
  await expect(notice).toHaveAttribute('role', 'alert');
  await expect(notice).toContainText('1 conflict needs you');
  await expect(app.getByTestId('sync-page-conflicts')).toContainText('conflict');

  await notice.getByTestId('sync-conflicts-resolve').click();
  const dialog = app.getByTestId('sync-conflicts-dialog');
  const row = dialog.locator('[data-testid="sync-conflict-row"][data-path="doc.txt"]');
  await expect(row).toBeVisible();

  // Open folder, headless: the folder's path, ready to copy.
  await row.getByTestId('sync-conflict-open-folder').click();
  await expect(dialog.getByTestId('sync-conflict-folder-path')).toHaveValue(local);

  // The file changes after the list was shown: the choice is refused and nothing is touched.
  await settledFile(join(local, 'doc.txt'), 'mine, edited again', 30_000);
  await row.getByTestId('sync-conflict-theirs').click();
  await expect(dialog.getByTestId('sync-conflict-problem')).toContainText('changed since this list was shown');
  expect(await readFile(join(local, 'doc.txt'), 'utf8')).toBe('mine, edited again');
  expect((await task(server, id)).conflicts).toBe(1);

  // Chosen again on the list as it is now: the package's version takes the name, mine goes to the trash.
  await row.getByTestId('sync-conflict-theirs').click();
  await expect(dialog.getByTestId('sync-conflicts-empty')).toBeVisible({ timeout: 15_000 });
  await expect.poll(() => readFile(join(local, 'doc.txt'), 'utf8'), { timeout: 15_000 }).toBe('theirs, from the package');
  const trash = await server.call<Array<{ side: string; path: string; trashPath: string }>>('sync.trash', { id });
  const mine = trash.find((e) => e.side === 'local' && e.path === 'doc.txt');
  expect(mine).toBeDefined();
  expect(await readFile(join(local, mine!.trashPath), 'utf8')).toBe('mine, edited again');
  await dialog.getByRole('button', { name: 'Close' }).click();
  await expect(card.getByTestId('sync-conflicts-badge')).toHaveCount(0);
  await expect(card.getByTestId('sync-conflicts-notice')).toHaveCount(0);
});
