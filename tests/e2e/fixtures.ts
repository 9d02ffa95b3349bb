/**
 * Fixtures for end-to-end tests: `server` runs `serve` (headless mode: core,
 * embedded storage node, UI) on a free port with a temp data folder; `app` is a
 * page signed in with the token and ready (`data-app-state="loaded"`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';

export interface HeadlessServer {
  url: string;
  token: string;
  dataDir: string;
  /** Calls a contract operation over the server's HTTP API (for setup and checks). */
  call<T = unknown>(name: string, input?: unknown): Promise<T>;
}

async function startServer(): Promise<{ server: HeadlessServer; stop: () => Promise<void> }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'jcs-e2e-'));
  // Passed as --token=…: a base64url token may begin with '-', which would otherwise read as an option.
  const token = randomBytes(18).toString('base64url');
  const child: ChildProcess = spawn(process.execPath, ['out/cli/serve.mjs', '--port', '0', '--data', dataDir, `--token=${token}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start:\n${output}`)), 30_000);
    child.stdout!.on('data', () => {
      const m = /open (http:\/\/\S+)\/\?token=/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${code}):\n${output}`));
    });
  });
  const server: HeadlessServer = {
    url,
    token,
    dataDir,
    async call<T>(name: string, input: unknown = {}) {
      const response = await fetch(`${url}/api/call/${name}`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(input) });
      const body = (await response.json()) as { ok: boolean; value?: T; error?: { code: string; message: string } };
      if (!body.ok) throw new Error(`${name} failed: ${body.error?.code}: ${body.error?.message}`);
      return body.value as T;
    },
  };
  return {
    server,
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

export async function openApp(page: Page, server: HeadlessServer): Promise<void> {
  await page.goto(`${server.url}/?token=${server.token}`);
  await expect(page.locator('[data-app-state="loaded"]')).toBeVisible();
}

export const test = base.extend<{ app: Page }, { server: HeadlessServer }>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form for fixtures without dependencies
    async ({}, use) => {
      const { server, stop } = await startServer();
      await use(server);
      await stop();
    },
    { scope: 'worker' },
  ],
  app: async ({ page, server }, use) => {
    await openApp(page, server);
    await use(page);
  },
});

export { expect };
