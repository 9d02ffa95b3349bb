/**
 * Share links in the UI against real storage nodes: a standalone node with a
 * key pair the test knows (so it can also sign a link whose time is up, with
 * the app's own signing code, instead of waiting for one to expire) and the
 * embedded node. A link made in the details panel downloads the file's exact
 * bytes with plain HTTP (no cookie, no token, no header of ours); the same
 * link changed, or a link past its expiry, is a 403 that says why; the expiry
 * is bounded as it is typed; and the dialog speaks 简体中文.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { createShareLink } from '../../src-main/core/share/share-links';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import { jcsDraft } from '../helpers/core';
import { expect, openApp, test, type HeadlessServer } from './fixtures';

interface Fetched {
  status: number;
  body: Buffer;
  json(): { code: string; message: string };
}

/** A plain GET with Node's http client: nothing of the app's session goes with it. */
function plainGet(url: string): Promise<Fetched> {
  return new Promise((resolve, reject) => {
    http
      .get(url, { agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const body = Buffer.concat(chunks);
          resolve({ status: res.statusCode ?? 0, body, json: () => JSON.parse(body.toString('utf8')) as { code: string; message: string } });
        });
        res.on('error', reject);
      })
      .on('error', reject);
  });
}


const content = randomBytes(70_000);
const fileName = '报告 1.bin';
const credentials = { accessKey: 'AKSHAREE2E', secretKey: randomBytes(24).toString('base64url') };
const connectionName = `Keyed node ${Date.now()}`;
let nodeChild: ChildProcess | undefined;
let nodeDir = '';
let nodeUrl = '';
let nodeRoot = '';
let local = '';
let localRoot = '';
const names = { bucket: `share-${Date.now()}`, pkg: 'p' };

/** The storage node CLI with a key pair, on a free loopback port; it stops when this worker does (--exit-with-parent). */
async function startKeyedNode(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['out/cli/storage-node.mjs', '--data', dataDir, '--port', '0', '--access-key', credentials.accessKey, '--secret-key', credentials.secretKey, '--exit-with-parent'], {
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let output = '';
  child.stderr.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /storage node listening on (http:\/\/\S+)/.exec(output);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`storage node exited (${code}):\n${output}`)));
  });
  return { child, url };
}

test.beforeAll(async ({ server }) => {
  nodeDir = await mkdtemp(join(tmpdir(), 'jcs-share-node-'));
  const started = await startKeyedNode(nodeDir);
  nodeChild = started.child;
  nodeUrl = started.url;
  const client = new JcsClient({ baseUrl: nodeUrl, credentials });
  const bucket = await client.createBucket(names.bucket);
  const pkg = await client.createPackage(bucket.bucketID, names.pkg);
  await client.uploadObjects(pkg.packageID, [{ path: fileName, body: content }]);
  client.close();
  nodeRoot = `p${pkg.packageID}`;
  await server.call('connections.add', jcsDraft(connectionName, nodeUrl, credentials));

  // The embedded node: a package with the same file, uploaded through the app.
  const localBucket = await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: null, name: names.bucket });
  localRoot = (await server.call<{ id: string }>('roots.create', { connectionId: 'local', parentId: localBucket.id, name: names.pkg })).id;
  local = await mkdtemp(join(tmpdir(), 'jcs-share-'));
  await writeFile(join(local, fileName), content);
  await server.call('transfers.uploadPaths', { connectionId: 'local', root: localRoot, targetFolder: '', paths: [join(local, fileName)], conflict: 'overwrite' });
  await expect
    .poll(async () => (await server.call<{ entries: Array<{ path: string }> }>('objects.list', { connectionId: 'local', root: localRoot, prefix: '', maxKeys: 10 })).entries.map((e) => e.path), { timeout: 20_000 })
    .toEqual([fileName]);
});

test.afterAll(async ({ server }) => {
  await server.call('settings.update', { language: 'system' });
  if (nodeChild && nodeChild.exitCode === null) {
    const exited = new Promise((resolve) => nodeChild!.once('exit', resolve));
    nodeChild.kill('SIGTERM');
    await exited;
  }
  await rm(nodeDir, { recursive: true, force: true });
  await rm(local, { recursive: true, force: true });
});

/** `connection`: a connection's name, or null for the embedded node (always first in the tree). */
async function openShareDialog(page: Page, server: HeadlessServer, connection: string | null): Promise<void> {
  await openApp(page, server);
  const connections = page.getByTestId('tree-connection');
  await (connection === null ? connections.first() : connections.filter({ hasText: connection })).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator(`[data-testid="entity-row"][data-name="${names.bucket}"]`).dblclick();
  await page.getByTestId('packages-table').locator(`[data-testid="entity-row"][data-name="${names.pkg}"]`).dblclick();
  await page.getByTestId('object-list').locator(`[data-testid="browser-row"][data-name="${fileName}"]`).click();
  await page.getByTestId('details-share').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
}

test('a share link made in the UI downloads the file with plain HTTP; changed or expired, it is refused with the reason', async ({ page, server }) => {
  await openShareDialog(page, server, connectionName);
  const dialog = page.getByTestId('share-dialog');

  // The expiry is bounded as it is typed: over 7 days or under a minute cannot be asked for.
  await dialog.getByTestId('share-amount').fill('8');
  await expect(dialog.getByTestId('share-expiry-problem')).toHaveText('A link lasts at most 7 days.');
  await expect(dialog.getByTestId('share-create')).toBeDisabled();
  await dialog.getByTestId('share-amount').fill('0');
  await dialog.getByTestId('share-unit').selectOption('minutes');
  await expect(dialog.getByTestId('share-expiry-problem')).toHaveText('A link lasts at least 1 minute.');

  await dialog.getByTestId('share-amount').fill('2');
  await dialog.getByTestId('share-unit').selectOption('hours');
  const before = Date.now();
  await dialog.getByTestId('share-create').click();
  const url = await dialog.getByTestId('share-url').inputValue();
  const expiresAt = Date.parse((await dialog.getByTestId('share-expires-at').getAttribute('data-expires-at')) ?? '');
  expect(expiresAt - before).toBeGreaterThan(2 * 3600_000 - 5_000);
  expect(expiresAt - before).toBeLessThanOrEqual(2 * 3600_000 + 1_000);
  expect(url.startsWith(`${nodeUrl}/v1/object/downloadByPath?`)).toBe(true);
  expect(url).toMatch(/&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=AKSHAREE2E%2F\d{8}%2Fany%2Fjcs%2Faws4_request&X-Amz-Date=\d{8}T\d{6}Z&X-Amz-Expires=7200&X-Amz-SignedHeaders=host&X-Amz-Signature=[0-9a-f]{64}$/);
  // The secret never reached the page.
  expect(await page.content()).not.toContain(credentials.secretKey);

  // The copy button puts the very link on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await dialog.getByTestId('share-copy').click();
  expect(await page.evaluate(() => (globalThis as unknown as { navigator: { clipboard: { readText(): Promise<string> } } }).navigator.clipboard.readText())).toBe(url);

  const fetched = await plainGet(url);
  expect(fetched.status).toBe(200);
  expect(fetched.body.equals(content)).toBe(true);

  const longer = await plainGet(url.replace('X-Amz-Expires=7200', 'X-Amz-Expires=604800'));
  expect(longer.status).toBe(403);
  expect(longer.json().message).toBe('share link refused: signature does not match (the link was changed, or signed with another key)');
  const otherPath = await plainGet(url.replace(/path=[^&]+/, 'path=other.bin'));
  expect(otherPath.status).toBe(403);

  // The same link, signed by the same code 61 s ago for one minute: its time is up.
  const late = createShareLink({ jcsSigning: () => ({ baseUrl: nodeUrl, credentials }) }, { connectionId: 'x', root: nodeRoot, path: fileName, expiresSeconds: 60 }, new Date(Date.now() - 61_000));
  const expired = await plainGet(late.url);
  expect(expired.status).toBe(403);
  expect(expired.json().message).toBe(`share link refused: the link expired at ${late.expiresAt}`);
  // Signed now, the same request goes through: what failed was the time alone.
  const fresh = createShareLink({ jcsSigning: () => ({ baseUrl: nodeUrl, credentials }) }, { connectionId: 'x', root: nodeRoot, path: fileName, expiresSeconds: 60 });
  expect((await plainGet(fresh.url)).status).toBe(200);
});

test('在简体中文界面中，本机节点的分享对话框为中文，链接可以下载', async ({ page, server }) => {
  await server.call('settings.update', { language: 'zh-CN' });
  await openShareDialog(page, server, null);
  const dialog = page.getByTestId('share-dialog');
  await expect(dialog.getByRole('heading')).toHaveText(`分享“${fileName}”`);
  await dialog.getByTestId('share-amount').fill('8');
  await expect(dialog.getByTestId('share-expiry-problem')).toHaveText('链接有效期最长为 7 天。');
  await dialog.getByTestId('share-amount').fill('1');
  await dialog.getByTestId('share-create').click();
  await expect(dialog.getByTestId('share-expires-at')).toContainText('有效期至');
  await expect(dialog).toContainText('本机存储节点在每次启动应用时都会生成新密钥');
  const fetched = await plainGet(await dialog.getByTestId('share-url').inputValue());
  expect(fetched.status).toBe(200);
  expect(fetched.body.equals(content)).toBe(true);
});
