/**
 * Data for the object browser's end-to-end tests: a second, real storage node
 * (a child process, unauthenticated on loopback) filled through the typed
 * client with multi-file uploads, added to the app as a connection; and
 * helpers to open one of its packages in the UI and read the list.
 */
import { jcsDraft } from '../helpers/core';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { JcsClient } from '../../src-main/providers/jcs/jcs-client';
import type { HeadlessServer } from './fixtures';

// Page-side code (functions Playwright runs in Chromium) uses a few browser
// globals. The Node-side type check has no DOM library, so they are declared
// here, for this module only, with just what is used.
interface PageElement {
  getAttribute(name: string): string | null;
  getBoundingClientRect(): { top: number };
}
declare const document: { body: unknown; querySelectorAll(selector: string): Iterable<PageElement> };
declare const MutationObserver: new (callback: () => void) => { observe(target: unknown, options: { subtree: boolean; childList: boolean; attributes: boolean; attributeFilter: string[] }): void };
declare const window: { progressSeen?: ProgressState[] };
declare const navigator: { clipboard: { readText(): Promise<string> } };

export interface ProgressState {
  kind: string | null;
  done: number;
  total: number;
}

export interface DataNode {
  url: string;
  client: JcsClient;
  /** The connection id the app gave it. */
  connectionId: string;
  connectionName: string;
  /** Stops the node but keeps its data and its port (the service "goes away"). */
  pause(): Promise<void>;
  /** Starts it again on the same port and data. */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/** Runs the storage node CLI bundle and resolves with its URL once it listens. */
async function spawnNode(dataDir: string, port: number): Promise<{ child: ChildProcess; url: string }> {
  // --exit-with-parent: the node stops when its stdin closes, so a crashed test worker leaves no node behind.
  const child: ChildProcess = spawn(process.execPath, ['out/cli/storage-node.mjs', '--data', dataDir, '--port', String(port), '--exit-with-parent'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let output = '';
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`storage node did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      const m = /storage node listening on (http:\/\/\S+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`storage node exited (${code}):\n${output}`));
    });
  });
  return { child, url };
}

async function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

export async function startDataNode(server: HeadlessServer, connectionName: string): Promise<DataNode> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jcs-e2e-data-'));
  let running = await spawnNode(dataDir, 0);
  const url = running.url;
  const client = new JcsClient({ baseUrl: url });
  const connection = await server.call<{ id: string }>('connections.add', jcsDraft(connectionName, url));
  return {
    url,
    client,
    connectionId: connection.id,
    connectionName,
    async pause() {
      await stopChild(running.child);
    },
    async resume() {
      running = await spawnNode(dataDir, Number(new URL(url).port));
    },
    async stop() {
      client.close();
      await server.call('connections.remove', { id: connection.id }).catch(() => undefined);
      await stopChild(running.child);
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Uploads files in multi-file requests of `perRequest`, two requests at a time. */
export async function uploadFiles(client: JcsClient, packageId: number, files: ReadonlyArray<{ path: string; body: Buffer }>, perRequest = 1000): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const batch = files.slice(next, next + perRequest);
      next += perRequest;
      await client.uploadObjects(packageId, batch);
    }
  };
  await Promise.all([worker(), worker()]);
}

/** `count` files named `<folder>file-00001.txt`…, each with a distinct body. */
/** Every object path under `prefix` in a package, sorted. */
export async function pathsIn(client: JcsClient, packageId: number, prefix = ''): Promise<string[]> {
  const paths: string[] = [];
  for await (const page of client.listAllByPath({ packageID: packageId, path: prefix, maxKeys: 1000 })) paths.push(...page.objects.map((o) => o.path));
  return paths.sort();
}

export function numberedFiles(folder: string, count: number, bytes: (i: number) => number = () => 16): Array<{ path: string; body: Buffer }> {
  return Array.from({ length: count }, (_, i) => ({ path: `${folder}file-${String(i).padStart(5, '0')}.txt`, body: Buffer.alloc(bytes(i), `object ${i} `) }));
}

export async function makePackage(client: JcsClient, bucketName: string, packageName: string): Promise<{ bucketId: number; packageId: number }> {
  const buckets = await client.listBuckets();
  const bucket = buckets.find((b) => b.name === bucketName) ?? (await client.createBucket(bucketName));
  const pkg = await client.createPackage(bucket.bucketID, packageName);
  return { bucketId: bucket.bucketID, packageId: pkg.packageID };
}

/** Opens a package through the app: the connection in the sidebar, then the bucket and the package in the main pane. */
export async function openPackage(page: Page, node: DataNode, bucketName: string, packageName: string): Promise<void> {
  await page.getByTestId('tree-connection').filter({ hasText: node.connectionName }).getByTestId('tree-row').first().click();
  await page.getByTestId('buckets-table').locator(`[data-testid="entity-row"][data-name="${bucketName}"]`).dblclick();
  await page.getByTestId('packages-table').locator(`[data-testid="entity-row"][data-name="${packageName}"]`).dblclick();
  await expect(page.getByTestId('object-list')).toBeVisible();
}

export function list(page: Page): Locator {
  return page.getByTestId('object-list');
}

export function row(page: Page, name: string): Locator {
  return list(page).locator(`[data-testid="browser-row"][data-name="${name}"]`);
}

/** Names of the rows in the DOM, top to bottom. */
export async function visibleNames(page: Page): Promise<string[]> {
  return list(page)
    .locator('[data-testid="browser-row"]')
    .evaluateAll((rows: PageElement[]) =>
      rows
        .map((r) => ({ name: r.getAttribute('data-name') ?? '', top: r.getBoundingClientRect().top }))
        .sort((a, b) => a.top - b.top)
        .map((r) => r.name),
    );
}

/** Names of the selected rows in the DOM, top to bottom. */
export function selectedNames(page: Page): Promise<string[]> {
  return list(page)
    .locator('[data-testid="browser-row"][aria-selected="true"]')
    .evaluateAll((rows: PageElement[]) => rows.map((r) => ({ name: r.getAttribute('data-name') ?? '', top: r.getBoundingClientRect().top })).sort((a, b) => a.top - b.top).map((r) => r.name));
}

/** The names along the breadcrumb bar. */
export async function crumbs(page: Page): Promise<string[]> {
  return page.getByTestId('crumb').allInnerTexts();
}

/** What the clipboard holds, read in the page. */
export function clipboardText(page: Page): Promise<string> {
  return page.evaluate(() => navigator.clipboard.readText());
}

/**
 * Records, in the page, every state the operation progress lines go through
 * (they may live for a fraction of a second); `read()` returns them so far.
 */
export async function recordProgress(page: Page): Promise<{ read: () => Promise<ProgressState[]> }> {
  await page.evaluate(() => {
    const seen: ProgressState[] = [];
    window.progressSeen = seen;
    const record = () => {
      for (const el of document.querySelectorAll('[data-testid="operation-progress"]')) {
        seen.push({ kind: el.getAttribute('data-kind'), done: Number(el.getAttribute('data-done')), total: Number(el.getAttribute('data-total')) });
      }
    };
    new MutationObserver(record).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-done', 'data-total'] });
  });
  return { read: () => page.evaluate(() => window.progressSeen ?? []) };
}
