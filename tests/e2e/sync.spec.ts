/**
 * Sync tasks end to end on the embedded node: a task made through the UI
 * (headless folder picker, remote selects, inline validation) syncs a real
 * temporary folder, picks up a new file by watching, logs it, pauses and
 * resumes, and is deleted without touching files; a manual task does nothing
 * until asked (not even after an error, when no next run is shown), previews
 * a pending change, runs it, and stops before mass deletions until confirmed,
 * with the deleted files in its trash, restorable; a task created paused is
 * previewed before its first run, says whether it really watches, and the
 * form's words say what each direction does; a download-only task keeps a
 * local edit until it is reverted. The headless server runs on this machine,
 * so the test's temp folders are the host's.
 */
import { access, mkdtemp, readdir, readFile, rename, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type HeadlessServer } from './fixtures';

interface ObjectPage {
  entries: Array<{ path: string }>;
}
interface SyncTaskView {
  id: string;
  name: string;
  status: string;
  files: number;
}

const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
const card = (page: Page, name: string) => page.locator(`[data-testid="sync-task"][data-name="${name}"]`);
const folders: string[] = [];

/** A bucket and a package on the embedded node; `root` is the package's root id, as the contract speaks. */
async function makePackage(server: HeadlessServer): Promise<{ bucket: string; pkg: string; root: string }> {
  const bucket = unique('sync-b');
  const pkg = unique('sync-p');
  const { id: bucketRoot } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: bucket });
  const { id: root } = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: bucketRoot, name: pkg });
  return { bucket, pkg, root };
}

async function makeFolder(files: Record<string, string>, settled = false): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'jcs-sync-e2e-'));
  folders.push(dir);
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  // Files written moments ago count as still being written; settled ones are dated a minute back.
  if (settled) for (const name of Object.keys(files)) await settle(join(dir, name));
  return dir;
}

async function settle(path: string): Promise<void> {
  const past = new Date(Date.now() - 60_000);
  await utimes(path, past, past);
}

async function remotePaths(server: HeadlessServer, root: string, prefix = ''): Promise<string[]> {
  const page = await server.call<ObjectPage>('objects.list', { connectionId: 'local', root, prefix, maxKeys: 1000 });
  return page.entries.map((o) => o.path).sort();
}

test.afterAll(async () => {
  await Promise.all(folders.map((dir) => rm(dir, { recursive: true, force: true })));
});

test('creates a watching task through the UI, syncs new files, logs them, pauses, resumes, and deletes the task but not the files', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  const local = await makeFolder({ 'hello.txt': 'hello' });
  const name = unique('Photos');

  await app.getByTestId('page-sync').click();
  await expect(app.getByTestId('page-sync')).toHaveAttribute('aria-current', 'page');
  await expect(app.getByTestId('sync-page')).toBeVisible();
  await app.getByTestId('sync-new-task').click();
  const form = app.getByTestId('sync-task-dialog');
  await expect(form).toBeVisible();

  // Save on an empty form: every missing field says so.
  await form.getByTestId('sync-form-save').click();
  await expect(form).toContainText('Enter a name.');
  await expect(form).toContainText('Choose or type a folder.');
  await expect(form).toContainText('Choose a bucket.');

  // The local folder, through the host's folder picker: from the root down to the temp folder.
  await form.getByTestId('sync-browse-local').click();
  const picker = app.getByTestId('host-folder-picker');
  await expect(picker).toContainText('machine that runs JCS Desktop');
  await expect(picker.getByTestId('host-picker-path')).not.toHaveValue('');
  await picker.getByTestId('host-picker-crumb').first().click();
  await expect(picker.getByTestId('host-picker-path')).toHaveValue('/');
  for (const segment of local.split('/').filter(Boolean)) {
    await picker.locator(`[data-testid="host-picker-folder"][data-name="${segment}"]`).click();
  }
  await expect(picker.getByTestId('host-picker-path')).toHaveValue(local);
  await picker.getByTestId('host-picker-up').click();
  await expect(picker.getByTestId('host-picker-path')).toHaveValue(local.slice(0, local.lastIndexOf('/')));
  await picker.locator(`[data-testid="host-picker-folder"][data-name="${local.slice(local.lastIndexOf('/') + 1)}"]`).click();
  await picker.getByTestId('host-picker-choose').click();
  await expect(picker).toBeHidden();
  await expect(form.getByTestId('sync-field-local')).toHaveValue(local);
  await expect(form.getByTestId('sync-field-name')).toHaveValue(local.slice(local.lastIndexOf('/') + 1)); // suggested from the folder
  await form.getByTestId('sync-field-name').fill(name);

  // Where to: the embedded node is preselected; bucket and package from their lists.
  await expect(form.getByTestId('sync-field-connection').locator('option:checked')).toHaveText('This computer');
  await form.getByTestId('sync-field-bucket').selectOption({ label: bucket });
  await form.getByTestId('sync-field-package').selectOption({ label: pkg });
  await form.getByTestId('sync-field-remote-path').fill('docs');
  await form.getByTestId('sync-field-remote-path').blur();
  await expect(form).toContainText('A folder path ends with /: did you mean “docs/”?');
  await form.getByTestId('sync-field-remote-path').fill('docs/');
  await expect(form.getByTestId('field-problem')).toHaveCount(0);
  await expect(form.getByRole('radio', { name: /Two-way/ })).toBeChecked();
  await expect(form.getByRole('radio', { name: /When files change/ })).toBeChecked();
  await expect(form).toContainText('.jcsignore');
  await form.getByTestId('sync-form-save').click();
  await expect(form).toBeHidden();

  // The first run uploads what is there.
  const task = card(app, name);
  await expect(task).toBeVisible();
  await expect(task.getByTestId('sync-remote')).toContainText(`This computer${bucket}${pkg}/docs/`);
  await expect(task).toHaveAttribute('data-files', '1', { timeout: 20_000 });
  await expect(task).toHaveAttribute('data-status', 'idle');
  await expect(task.getByTestId('sync-status')).toHaveText('Up to date');
  await expect(task).toContainText('Watching the folder');
  expect(await remotePaths(server, root, 'docs/')).toEqual(['docs/hello.txt']);

  // A file added to the folder is noticed and uploaded.
  await writeFile(join(local, 'second.txt'), 'the second file');
  await expect.poll(() => remotePaths(server, root, 'docs/'), { timeout: 20_000 }).toEqual(['docs/hello.txt', 'docs/second.txt']);
  await expect(task).toHaveAttribute('data-files', '2', { timeout: 10_000 });
  await expect(task.getByTestId('sync-last-run')).not.toHaveText('Never');

  // ... and its activity log says so, newest first.
  await task.getByTestId('sync-open-log').click();
  const log = app.getByTestId('sync-log-dialog');
  await expect(log.getByTestId('sync-log-entry').filter({ hasText: 'second.txt' }).first()).toContainText('uploaded');
  await expect(log.getByTestId('sync-log-entry').last()).toContainText('task created');
  await log.getByRole('button', { name: 'Close' }).click();
  await expect(log).toBeHidden();

  // Pause and resume.
  await task.getByTestId('sync-pause').click();
  await expect(task).toHaveAttribute('data-status', 'paused');
  await expect(task.getByTestId('sync-status')).toHaveText('Paused');
  await expect(task.getByTestId('sync-run-now')).toBeDisabled();
  await task.getByTestId('sync-resume').click();
  await expect(task).toHaveAttribute('data-status', 'idle', { timeout: 10_000 });
  await expect(task.getByTestId('sync-pause')).toBeVisible();

  // Deleting the task says, and does, leave every file alone.
  await task.getByTestId('sync-delete').click();
  const confirm = app.getByTestId('sync-delete-dialog');
  await expect(confirm).toContainText('files are NOT deleted');
  await confirm.getByRole('button', { name: 'Delete task' }).click();
  await expect(confirm).toBeHidden();
  await expect(task).toHaveCount(0);
  expect((await server.call<SyncTaskView[]>('sync.list')).map((t) => t.name)).not.toContain(name);
  expect((await readdir(local)).sort()).toEqual(['second.txt', 'hello.txt'].sort());
  expect(await remotePaths(server, root, 'docs/')).toEqual(['docs/hello.txt', 'docs/second.txt']);

  // Files is one click away again.
  await app.getByTestId('page-files').click();
  await expect(app.getByTestId('sync-page')).toHaveCount(0);
});

test('previews a manual task’s pending change, runs it, and stops before mass deletions until they are confirmed; deleted files wait in the trash', async ({ app, server }) => {
  const { root } = await makePackage(server);
  const local = await makeFolder({ 'a.txt': 'a', 'b.txt': 'bb', 'c.txt': 'ccc' }, true);
  const name = unique('Manual');
  await server.call('sync.create', {
    name,
    localPath: local,
    connectionId: 'local',
    root,
    remotePath: '',
    direction: 'upload',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 1, maxPercent: 100 }, dryRun: false, trashDays: 30 },
  });

  await app.getByTestId('page-sync').click();
  const task = card(app, name);
  await expect(task).toBeVisible();
  await expect(task).toContainText('By hand');
  await expect(task.getByTestId('sync-next-run')).toHaveText('When you run it');
  // "Only when I ask": created, it has not run, and it does not start by itself.
  await app.waitForTimeout(1500);
  await expect(task).toHaveAttribute('data-last-run', 'never');
  await expect(task.getByTestId('sync-last-run')).toHaveText('Never');
  expect(await remotePaths(server, root)).toEqual([]);
  await task.getByTestId('sync-run-now').click();
  await expect(task).toHaveAttribute('data-files', '3', { timeout: 20_000 });
  expect(await remotePaths(server, root)).toEqual(['a.txt', 'b.txt', 'c.txt']);

  // A new file is pending: Preview shows the upload, and nothing has moved yet.
  await writeFile(join(local, 'new.txt'), 'new');
  await settle(join(local, 'new.txt'));
  await task.getByTestId('sync-preview').click();
  const preview = app.getByTestId('sync-preview-dialog');
  await expect(preview.locator('[data-testid="sync-plan-row"][data-kind="upload"][data-path="new.txt"]')).toBeVisible();
  await expect(preview.locator('[data-testid="sync-plan-count"][data-kind="upload"]')).toContainText('Upload: 1');
  await expect(preview.getByTestId('sync-preview')).toContainText('4 files here, 3 files in the package; 1 change planned.');
  expect(await remotePaths(server, root)).toEqual(['a.txt', 'b.txt', 'c.txt']);
  await preview.getByTestId('sync-preview-run').click();
  await expect(preview).toBeHidden();
  await expect.poll(() => remotePaths(server, root), { timeout: 15_000 }).toEqual(['a.txt', 'b.txt', 'c.txt', 'new.txt']);
  await expect(task).toHaveAttribute('data-files', '4');

  // Two local deletions exceed the guard (1 file): the run stops and explains.
  await unlink(join(local, 'a.txt'));
  await unlink(join(local, 'b.txt'));
  await task.getByTestId('sync-run-now').click();
  await expect(task).toHaveAttribute('data-status', 'waitingForConfirmation', { timeout: 15_000 });
  const notice = task.getByTestId('sync-guard-notice');
  await expect(notice).toContainText('Sync stopped before deleting files');
  await expect(notice).toContainText('would delete 2 files');
  await expect(notice).toContainText('Nothing has been deleted');
  expect(await remotePaths(server, root)).toEqual(['a.txt', 'b.txt', 'c.txt', 'new.txt']);

  // Review shows the deletions and the guard's verdict.
  await notice.getByTestId('sync-guard-review').click();
  await expect(preview.locator('[data-testid="sync-plan-row"][data-kind="deleteRemote"]')).toHaveCount(2);
  await expect(preview.getByTestId('sync-preview-blocked')).toContainText('deletes 2 files (limit 1 files');
  await preview.getByRole('button', { name: 'Close' }).click();

  // Confirming lets the run delete them: into the package's trash, not away.
  await notice.getByTestId('sync-guard-confirm').click();
  await expect(task).toHaveAttribute('data-status', 'idle', { timeout: 15_000 });
  await expect(task.getByTestId('sync-guard-notice')).toHaveCount(0);
  await expect.poll(() => remotePaths(server, root)).toEqual(expect.arrayContaining(['c.txt', 'new.txt']));
  expect((await remotePaths(server, root)).filter((p) => !p.startsWith('.jcs-trash/'))).toEqual(['c.txt', 'new.txt']);

  await task.getByTestId('sync-open-trash').click();
  const trash = app.getByTestId('sync-trash-dialog');
  await expect(trash.getByTestId('sync-trash-row')).toHaveCount(2);
  await expect(trash.locator('[data-testid="sync-trash-row"][data-path="a.txt"]')).toContainText('Package');
  await trash.locator('[data-testid="sync-trash-row"][data-path="a.txt"]').getByRole('checkbox').check();
  await trash.getByTestId('sync-trash-restore').click();
  await expect(trash.getByTestId('sync-restore-result')).toContainText('1 file restored.');
  await expect(trash.getByTestId('sync-trash-row')).toHaveCount(1);
  expect(await remotePaths(server, root)).toContain('a.txt');
  await trash.getByRole('button', { name: 'Close' }).click();

  // Edit: the form opens with the task's settings, and saves a new name.
  await task.getByTestId('sync-edit').click();
  const form = app.getByTestId('sync-task-dialog');
  await expect(form.getByTestId('sync-field-local')).toHaveValue(local);
  await expect(form.getByRole('radio', { name: /Only when I ask/ })).toBeChecked();
  await expect(form.getByTestId('sync-field-guard-files')).toHaveValue('1');
  // A folder that is not there: main refuses, and the form says why, with the code.
  await form.getByTestId('sync-field-local').fill(`${local}-gone`);
  await form.getByTestId('sync-form-save').click();
  await expect(form.getByRole('alert')).toContainText(`Invalid input (InvalidInput): localPath: '${local}-gone' is not an existing folder`);
  await form.getByTestId('sync-field-local').fill(local);
  const renamed = `${name}-renamed`;
  await form.getByTestId('sync-field-name').fill(renamed);
  await form.getByTestId('sync-form-save').click();
  await expect(form).toBeHidden();
  await expect(card(app, renamed)).toBeVisible();
  await access(join(local, 'c.txt')); // still there

  // After an error a manual task still waits to be asked: no "Next run" countdown.
  const renamedCard = card(app, renamed);
  await rename(local, `${local}-away`);
  await renamedCard.getByTestId('sync-run-now').click();
  await expect(renamedCard.getByTestId('sync-error-notice')).toContainText('The folder is missing', { timeout: 15_000 });
  await expect(renamedCard.getByTestId('sync-error-notice')).toContainText(`The folder ${local} is missing.`);
  await expect(renamedCard.getByTestId('sync-next-run')).toHaveText('When you run it');
  await rename(`${local}-away`, local);
});

test('a task created paused is previewed before its first run; the card says whether it really watches; the form says what each direction does', async ({ app, server }) => {
  const { bucket, pkg, root } = await makePackage(server);
  const local = await makeFolder({ 'first.txt': 'first' }, true);
  const name = unique('Paused');

  await app.getByTestId('page-sync').click();
  await app.getByTestId('sync-new-task').click();
  const form = app.getByTestId('sync-task-dialog');
  await form.getByTestId('sync-field-name').fill(name);
  await form.getByTestId('sync-field-local').fill(local);
  await form.getByTestId('sync-field-bucket').selectOption({ label: bucket });
  await form.getByTestId('sync-field-package').selectOption({ label: pkg });
  // The directions say exactly what happens to changes on the receiving side.
  await expect(form.getByRole('radio', { name: /Download only/ })).toHaveAccessibleName(/A file changed in this folder is kept, never overwritten/);
  await expect(form.getByRole('radio', { name: /Upload only/ })).toHaveAccessibleName(/A file changed in the package is kept, never overwritten/);
  await expect(form.getByRole('radio', { name: /Only when I ask/ })).toHaveAccessibleName(/never by itself/);
  await expect(form.getByRole('radio', { name: /When files change/ })).toBeChecked();
  await form.getByTestId('sync-field-start-paused').check();
  await form.getByTestId('sync-form-save').click();
  await expect(form).toBeHidden();

  // Paused from the start: nothing ran, nothing is watched, the preview shows the first run.
  const task = card(app, name);
  await expect(task).toHaveAttribute('data-status', 'paused');
  await expect(task.getByTestId('sync-trigger')).toHaveText('Watching paused');
  await task.getByTestId('sync-preview').click();
  const preview = app.getByTestId('sync-preview-dialog');
  await expect(preview.locator('[data-testid="sync-plan-row"][data-kind="upload"][data-path="first.txt"]')).toBeVisible();
  await preview.getByRole('button', { name: 'Close' }).click();
  expect(await remotePaths(server, root)).toEqual([]);
  await expect(task).toHaveAttribute('data-last-run', 'never');

  await task.getByTestId('sync-resume').click();
  await expect(task).toHaveAttribute('data-files', '1', { timeout: 20_000 });
  await expect(task.getByTestId('sync-trigger')).toHaveText('Watching the folder');
  expect(await remotePaths(server, root)).toEqual(['first.txt']);

  // The folder goes away: the card stops claiming to watch it, and says why; back, it watches again.
  await rename(local, `${local}-unmounted`);
  await expect(task.getByTestId('sync-trigger')).toHaveText('Not watching the folder', { timeout: 10_000 });
  await expect(task.getByTestId('sync-error-notice')).toContainText('The folder is missing');
  await rename(`${local}-unmounted`, local);
  await expect(task.getByTestId('sync-trigger')).toHaveText('Watching the folder', { timeout: 10_000 });
  await expect(task).toHaveAttribute('data-status', 'idle', { timeout: 10_000 });
  await writeFile(join(local, 'second.txt'), 'after the folder came back');
  await expect.poll(() => remotePaths(server, root), { timeout: 10_000 }).toEqual(['first.txt', 'second.txt']);
});

test('a download-only task keeps a file edited locally until it is reverted', async ({ app, server }) => {
  const { root } = await makePackage(server);
  const local = await makeFolder({});
  const name = unique('Mirror');
  const source = await makeFolder({ 'notes.txt': 'from the package' }, true);
  await server.call('transfers.uploadPaths', { connectionId: 'local', root, targetFolder: '', paths: [join(source, 'notes.txt')], conflict: 'overwrite' });
  await expect.poll(() => remotePaths(server, root), { timeout: 10_000 }).toEqual(['notes.txt']);
  const created = await server.call<SyncTaskView>('sync.create', {
    name,
    localPath: local,
    connectionId: 'local',
    root,
    remotePath: '',
    direction: 'download',
    trigger: { type: 'Manual' },
    mode: { type: 'Diff', includeSize: true, includeModTime: true, checkHash: false },
    filters: [],
    options: { noEmptyDirectories: true, propagateDeletions: true, deletionGuard: { maxFiles: 100, maxPercent: 25 }, dryRun: false, trashDays: 30 },
  });

  await app.getByTestId('page-sync').click();
  const task = card(app, name);
  await task.getByTestId('sync-run-now').click();
  await expect(task).toHaveAttribute('data-files', '1', { timeout: 15_000 });
  await writeFile(join(local, 'notes.txt'), 'my own notes, longer');
  await settle(join(local, 'notes.txt'));

  await task.getByTestId('sync-run-now').click();
  const kept = task.getByTestId('sync-kept-notice');
  await expect(kept).toContainText('1 file changed on this computer is kept as it is', { timeout: 15_000 });
  expect(await readFile(join(local, 'notes.txt'), 'utf8')).toBe('my own notes, longer');

  await kept.getByTestId('sync-revert').click();
  const confirm = app.getByTestId('sync-revert-dialog');
  await expect(confirm).toContainText('goes to .jcs-trash on this computer');
  await confirm.getByRole('button', { name: 'Revert' }).click();
  await expect(kept).toHaveCount(0, { timeout: 15_000 });
  // The notice goes when the revert run is planned; the file comes back when its download has finished.
  await expect.poll(() => readFile(join(local, 'notes.txt'), 'utf8'), { timeout: 15_000 }).toBe('from the package');
  const trash = await server.call<Array<{ side: string; path: string }>>('sync.trash', { id: created.id });
  expect(trash.map((e) => `${e.side}:${e.path}`)).toEqual(['local:notes.txt']);
});
