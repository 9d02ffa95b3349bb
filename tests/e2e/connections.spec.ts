/**
 * The connections sidebar and dialog, end to end: the real UI in Chromium
 * against headless mode, with a second real storage node started here as the
 * "remote" service. Tests share one server per worker, so each one uses its
 * own names and leaves no connection behind.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test, type HeadlessServer } from './fixtures';

interface ConnectionRecord {
  id: string;
  name: string;
  kind: string;
  config: Record<string, string>;
  secretsSet: string[];
}

const treeItem = (page: Page, name: string) => page.getByRole('treeitem', { name, exact: true });
/** An item's own row (its first row: the ones after it belong to its children). */
const treeRow = (page: Page, name: string) => treeItem(page, name).getByTestId('tree-row').first();
const unique = (base: string) => `${base}-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;

async function connectionNamed(server: HeadlessServer, name: string): Promise<ConnectionRecord> {
  const connections = await server.call<ConnectionRecord[]>('connections.list');
  const found = connections.find((c) => c.name === name);
  if (!found) throw new Error(`no connection named ${name}`);
  return found;
}

/** A second storage node, as a remote JCS-pub service (no keys: loopback only, unsigned). */
async function startRemoteNode(): Promise<{ url: string; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jcs-e2e-remote-'));
  const child = spawn(process.execPath, ['out/cli/storage-node.mjs', '--data', dataDir, '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the storage node did not start:\n${output}`)), 20_000);
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const match = /storage node listening on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the storage node exited (${code}):\n${output}`));
    });
  });
  return {
    url,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

test('the tree shows This computer with its node state, and it can be tested but not edited or removed', async ({ app }) => {
  const local = treeItem(app, 'This computer');
  await expect(local).toBeVisible();
  await expect(local.getByTestId('connection-status').first()).toHaveAttribute('data-state', 'running');

  await treeRow(app, 'This computer').click({ button: 'right' });
  const menu = app.getByRole('menu');
  await expect(menu.getByTestId('menu-new-bucket')).toBeVisible();
  await expect(menu.getByTestId('menu-test-connection')).toBeVisible();
  await expect(menu.getByTestId('menu-edit-connection')).toHaveCount(0);
  await expect(menu.getByTestId('menu-remove-connection')).toHaveCount(0);
  await menu.getByTestId('menu-test-connection').click();
  await expect(app.getByTestId('toast').filter({ hasText: '“This computer” is reachable' })).toBeVisible();

  // Delete on the embedded connection does nothing: it cannot be removed.
  await local.focus();
  await app.keyboard.press('Delete');
  await expect(app.getByTestId('remove-connection-dialog')).toHaveCount(0);
});

test('switching the language to 简体中文 relabels the tree', async ({ app, server }) => {
  try {
    await app.getByTestId('open-settings').click();
    await app.getByTestId('settings-language').selectOption('zh-CN');
    await expect(treeItem(app, '本机')).toBeVisible();
    await expect(treeItem(app, 'This computer')).toHaveCount(0);
    await expect(app.getByTestId('add-connection')).toHaveText('添加连接');
    await app.getByTestId('settings-language').selectOption('en');
    await expect(treeItem(app, 'This computer')).toBeVisible();
  } finally {
    await server.call('settings.update', { language: 'system' });
  }
});

test('adds a remote connection, tests it, browses it, edits it and removes it', async ({ app, server }) => {
  const remote = await startRemoteNode();
  const name = unique('Second node');
  const renamed = `${name} (renamed)`;
  const bucket = unique('remote-bucket');
  try {
    // Add, testing the settings before saving them.
    await app.getByTestId('add-connection').click();
    const dialog = app.getByTestId('connection-dialog');
    await expect(dialog.getByTestId('connection-base-url')).toHaveAttribute('placeholder', 'http://127.0.0.1:7890');
    await dialog.getByTestId('connection-name').fill(name);
    await dialog.getByTestId('connection-base-url').fill(remote.url);
    await dialog.getByTestId('connection-test').click();
    await expect(dialog.getByTestId('connection-test-result')).toHaveAttribute('data-state', 'ok');
    await expect(dialog.getByTestId('connection-test-result')).toHaveText(/Connected: 0 buckets, \d+ ms/);
    await dialog.getByTestId('connection-save').click();
    await expect(dialog).toBeHidden();

    // Saved and opened: selected in the tree, its (empty) buckets in the main pane.
    await expect(treeItem(app, name)).toHaveAttribute('aria-selected', 'true');
    await expect(app.getByTestId('buckets-view').getByTestId('view-title')).toContainText(name);
    await expect(app.getByTestId('view-empty')).toBeVisible();
    const saved = await connectionNamed(server, name);
    expect(saved).toMatchObject({ kind: 'jcs', config: { baseUrl: remote.url }, secretsSet: [] });
    expect(saved.config).not.toHaveProperty('accessKey');

    // Browse: a bucket made here lands on the remote node and shows in the tree.
    await app.getByTestId('empty-new-bucket').click();
    await app.getByTestId('create-bucket-dialog').getByRole('textbox').fill(bucket);
    await app.keyboard.press('Enter');
    await expect(app.locator(`[data-testid="entity-row"][data-name="${bucket}"]`)).toBeVisible();
    await expect(treeItem(app, name).getByRole('treeitem', { name: bucket })).toBeVisible();
    const onRemote = await server.call<Array<{ name: string }>>('roots.list', { connectionId: saved.id, parentId: null });
    expect(onRemote.map((b) => b.name)).toEqual([bucket]);

    // Edit: rename and add a key pair; half a pair is refused inline.
    await treeRow(app, name).click({ button: 'right' });
    await app.getByTestId('menu-edit-connection').click();
    await expect(dialog.getByTestId('connection-name')).toHaveValue(name);
    await expect(dialog.getByTestId('connection-base-url')).toHaveValue(remote.url);
    await dialog.getByTestId('connection-name').fill(renamed);
    await dialog.getByTestId('connection-access-key').fill('AKE2E');
    await dialog.getByTestId('connection-save').click();
    await expect(dialog).toContainText('A secret key is needed with the access key.');
    await dialog.getByTestId('connection-secret-key').fill('e2e-secret-value');
    await dialog.getByTestId('connection-save').click();
    await expect(dialog).toBeHidden();
    await expect(treeItem(app, renamed)).toBeVisible();
    const withKeys = await connectionNamed(server, renamed);
    expect(withKeys).toMatchObject({ id: saved.id, config: { accessKey: 'AKE2E' }, secretsSet: ['secretKey'] });
    expect(JSON.stringify(await server.call('connections.list'))).not.toContain('e2e-secret-value');

    // Editing again: the secret is not shown; empty means "unchanged", and a test borrows the saved one.
    await treeRow(app, renamed).click({ button: 'right' });
    await app.getByTestId('menu-edit-connection').click();
    await expect(dialog.getByTestId('connection-access-key')).toHaveValue('AKE2E');
    await expect(dialog.getByTestId('connection-secret-key')).toHaveValue('');
    await expect(dialog.getByTestId('connection-secret-key')).toHaveAttribute('placeholder', 'unchanged');
    await expect(dialog).toContainText('Leave empty to keep the saved secret key.');
    await dialog.getByTestId('connection-test').click();
    await expect(dialog.getByTestId('connection-test-result')).toHaveText(/Connected: 1 bucket, \d+ ms/);
    // Clear the keys and save.
    await dialog.getByTestId('connection-clear-keys').click();
    await expect(dialog.getByTestId('connection-keys-cleared')).toBeVisible();
    await expect(dialog.getByTestId('connection-access-key')).toHaveValue('');
    await dialog.getByTestId('connection-save').click();
    await expect(dialog).toBeHidden();
    const cleared = await connectionNamed(server, renamed);
    expect(cleared).toMatchObject({ secretsSet: [] });
    expect(cleared.config).not.toHaveProperty('accessKey');

    // Remove, after confirming; the main pane leaves it.
    await treeRow(app, renamed).click();
    await treeRow(app, renamed).click({ button: 'right' });
    await app.getByTestId('menu-remove-connection').click();
    const confirm = app.getByTestId('remove-connection-dialog');
    await expect(confirm).toContainText(`“${renamed}”`);
    await confirm.getByRole('button', { name: 'Remove' }).click();
    await expect(confirm).toBeHidden();
    await expect(treeItem(app, renamed)).toHaveCount(0);
    await expect(app.getByTestId('main-pane')).toContainText('Choose a connection');
    expect((await server.call<ConnectionRecord[]>('connections.list')).map((c) => c.name)).not.toContain(renamed);
  } finally {
    const leftover = (await server.call<ConnectionRecord[]>('connections.list')).filter((c) => c.name === name || c.name === renamed);
    for (const c of leftover) await server.call('connections.remove', { id: c.id });
    await remote.stop();
  }
});

test('a connection that fails its test is saved only after "Save anyway", next to what failed; then the tree and pane show the error', async ({ app, server }) => {
  const name = unique('Unreachable');
  const saved = async () => (await server.call<ConnectionRecord[]>('connections.list')).some((c) => c.name === name);
  try {
    await app.getByTestId('add-connection').click();
    const dialog = app.getByTestId('connection-dialog');
    await dialog.getByTestId('connection-name').fill(name);

    // Validation as you type: only http(s) addresses.
    await dialog.getByTestId('connection-base-url').fill('ftp://127.0.0.1:1');
    await expect(dialog).toContainText('Enter an http:// or https:// address');
    await expect(dialog.getByTestId('connection-test')).toBeDisabled();

    // Port 1 on loopback: nothing listens there. Save tests first; the failure is shown, and Save asks.
    await dialog.getByTestId('connection-base-url').fill('http://127.0.0.1:1');
    await expect(dialog).not.toContainText('Enter an http:// or https:// address');
    await dialog.getByTestId('connection-save').click();
    const result = dialog.getByTestId('connection-test-result');
    await expect(result).toHaveAttribute('data-state', 'failed');
    await expect(result).toContainText('Cannot connect (ConnectionFailed)');
    await expect(result).toContainText('127.0.0.1:1');
    const ask = dialog.getByTestId('connection-save-anyway-panel');
    await expect(ask).toContainText('The test failed. Save anyway?');
    await expect(dialog).toBeVisible();
    expect(await saved()).toBe(false);

    // "Keep editing" saves nothing; an explicit Test that fails, then Save, asks again.
    await ask.getByTestId('connection-keep-editing').click();
    await expect(ask).toBeHidden();
    await dialog.getByTestId('connection-test').click();
    await expect(result).toHaveAttribute('data-state', 'failed');
    await dialog.getByTestId('connection-save').click();
    await expect(ask).toBeVisible();
    expect(await saved()).toBe(false);

    // Saved anyway: both the tree and the main pane say what is wrong and offer a retry.
    await ask.getByTestId('connection-save-anyway').click();
    await expect(dialog).toBeHidden();
    expect(await saved()).toBe(true);
    const paneError = app.getByTestId('main-pane').getByTestId('view-error');
    await expect(paneError).toContainText('Cannot connect (ConnectionFailed)');
    await expect(paneError.getByRole('button', { name: 'Retry' })).toBeVisible();
    const treeError = treeItem(app, name).getByTestId('tree-error');
    await expect(treeError).toContainText('ConnectionFailed');
    await treeError.getByTestId('tree-retry').click();
    await expect(treeItem(app, name).getByTestId('tree-error')).toContainText('ConnectionFailed');

    // "Test connection" from the context menu reports it too.
    await treeRow(app, name).click({ button: 'right' });
    await app.getByTestId('menu-test-connection').click();
    await expect(app.getByTestId('toast').filter({ hasText: `“${name}” cannot be reached` })).toContainText('ConnectionFailed');
  } finally {
    const leftover = (await server.call<ConnectionRecord[]>('connections.list')).filter((c) => c.name === name);
    for (const c of leftover) await server.call('connections.remove', { id: c.id });
  }
});
